// The name of a tensor's autograd node, which TorchSharp does not expose. libtorch ships no headers
// in the TorchSharp packages, so the two classes are declared here by the members used; the calls
// resolve against libtorch_cpu.so's exported symbols:
//   at::TensorBase::grad_fn() const            _ZNK2at10TensorBase7grad_fnEv
//   torch::autograd::Node::name[abi:cxx11]() const   _ZNK5torch8autograd4Node4nameB5cxx11Ev
// TorchSharp's tensor handle is an at::Tensor*, whose base is at::TensorBase. Node::name (the base
// implementation, called non-virtually here) demangles typeid(*this), e.g.
// "torch::autograd::generated::MulBackward0"; Python shows the last component.
#include <cstring>
#include <memory>
#include <string>

namespace torch { namespace autograd { struct Node { std::string name() const; }; } }
namespace at { class TensorBase { public: const std::shared_ptr<torch::autograd::Node>& grad_fn() const; }; }

// Writes the node's name (NUL-terminated) into buffer; returns its length, 0 without a node, or
// -(length + 1) when the buffer is too short.
extern "C" int tdsl_grad_fn_name(const at::TensorBase* tensor, char* buffer, int length)
{
    const auto& fn = tensor->grad_fn();
    if (!fn) return 0;
    std::string name = fn->name();
    auto colon = name.rfind("::");
    if (colon != std::string::npos) name = name.substr(colon + 2);
    int n = static_cast<int>(name.size());
    if (n + 1 > length) return -(n + 1);
    std::memcpy(buffer, name.c_str(), n + 1);
    return n;
}
