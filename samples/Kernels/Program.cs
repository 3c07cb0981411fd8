// Trains the README's example MLP twice: once eagerly with autograd, once with the compiled kernel
// (Net.LossKernel, generated at build time), and shows they agree step by step.
using System;
using Kernels;
using TensorDsl;

Torch.ManualSeed(0);
var x = Torch.Randn(8, 4);
var y = Torch.Randn(8, 1);
var w1 = Torch.Randn(4, 16) * 0.5;
var b1 = Torch.Zeros(16);
var w2 = Torch.Randn(16, 1) * 0.5;

// The compiled kernel works on plain float arrays.
float[] xs = x.ToArray<float>(), ys = y.ToArray<float>();
float[] cw1 = w1.ToArray<float>(), cb1 = b1.ToArray<float>(), cw2 = w2.ToArray<float>();
var gw1 = new float[Net.LossKernel.W1Length];
var gb1 = new float[Net.LossKernel.B1Length];
var gw2 = new float[Net.LossKernel.W2Length];

var ew1 = w1.Detach().RequiresGrad_();
var eb1 = b1.Detach().RequiresGrad_();
var ew2 = w2.Detach().RequiresGrad_();
const float lr = 0.1f;

Console.WriteLine("step  eager loss   compiled loss");
for (int step = 0; step < 10; step++)
{
    // Eager: the method body itself, with autograd.
    var loss = Net.Loss(x, ew1, eb1, ew2, y);
    loss.Backward();
    using (Torch.NoGrad())
    {
        ew1 = (ew1 - lr * ew1.Grad!).Detach().RequiresGrad_();
        eb1 = (eb1 - lr * eb1.Grad!).Detach().RequiresGrad_();
        ew2 = (ew2 - lr * ew2.Grad!).Detach().RequiresGrad_();
    }

    // Compiled: one Backward call is a training step's forward and backward, with no allocation.
    Array.Clear(gw1); Array.Clear(gb1); Array.Clear(gw2);
    // Gradient spans of equal length could be swapped unnoticed: name them.
    float compiled = Net.LossKernel.Backward(xs, cw1, cb1, cw2, ys, gradW1: gw1, gradB1: gb1, gradW2: gw2);
    for (int i = 0; i < cw1.Length; i++) cw1[i] -= lr * gw1[i];
    for (int i = 0; i < cb1.Length; i++) cb1[i] -= lr * gb1[i];
    for (int i = 0; i < cw2.Length; i++) cw2[i] -= lr * gw2[i];

    Console.WriteLine($"{step,4}  {loss.Item<float>(),10:F6}  {compiled,14:F6}");
}

// Apply runs the compiled kernel on tensors and records one autograd node.
var applied = Net.LossKernel.Apply(x, ew1, eb1, ew2, y);
Torch.Print(applied);
Torch.Print(Net.Loss(x, ew1, eb1, ew2, y));

// The generated code is an ordinary C# file: read it or step into Net.LossKernel.Backward.
Console.WriteLine("Generated code: samples/Kernels/obj/Generated/TensorDsl.Generator/TensorDsl.Generators.KernelGenerator/Kernels.Net.LossKernel.g.cs");
