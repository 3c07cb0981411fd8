using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using TensorDsl.Serialization;

namespace TensorDsl.NN;

/// <summary>
/// The base of every layer and model, as <c>torch.nn.Module</c>: parameters and sub-modules
/// registered by name (explicitly, so that no reflection is needed and NativeAOT keeps working),
/// training mode, state dicts and PyTorch's repr. A model overrides <see cref="Forward(Tensor)"/>.
/// </summary>
public abstract class Module
{
    private readonly List<KeyValuePair<string, Tensor?>> _parameters = new();
    private readonly List<KeyValuePair<string, Module>> _modules = new();

    /// <summary>Whether the module is in training mode (<c>module.training</c>); true after construction.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>The module's computation on one tensor. A module that takes other inputs has its own <c>Forward</c>.</summary>
    public virtual Tensor Forward(Tensor input) =>
        throw new NotSupportedException($"Module [{TypeName}] is missing the required \"forward\" function");

    /// <summary>The name in the repr and in error messages: the class name (PyTorch's spelling for the built-in modules).</summary>
    protected virtual string TypeName => GetType().Name;

    // ---- registration ------------------------------------------------------------------------

    /// <summary>
    /// Registers <paramref name="parameter"/> under <paramref name="name"/>, as assigning an
    /// <c>nn.Parameter</c> to <c>self.name</c>: it becomes a leaf that requires grad and prints as a
    /// parameter. Null registers an absent parameter (a layer without bias). Returns the parameter.
    /// </summary>
    protected Tensor RegisterParameter(string name, Tensor parameter)
    {
        CheckName(name);
        var p = parameter.IsLeaf ? parameter : parameter.Detach();
        if (p.DType.IsFloatingPoint()) p.RequiresGrad_();
        p.IsParameter = true;
        _parameters.Add(new(name, p));
        return p;
    }

    /// <summary>Registers an absent parameter (<c>self.register_parameter(name, None)</c>): listed nowhere, but its name is taken.</summary>
    protected void RegisterNullParameter(string name)
    {
        CheckName(name);
        _parameters.Add(new(name, null));
    }

    /// <summary>Registers <paramref name="module"/> under <paramref name="name"/>, as assigning it to <c>self.name</c>; returns it.</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        CheckName(name);
        _modules.Add(new(name, module));
        return module;
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("module name can't be empty string \"\"");
        if (name.Contains('.')) throw new ArgumentException($"module name can't contain \".\", got: {name}");
        if (_parameters.Any(p => p.Key == name) || _modules.Any(m => m.Key == name))
            throw new ArgumentException($"attribute '{name}' already exists");
    }

    // ---- enumeration -------------------------------------------------------------------------

    /// <summary>Every parameter, this module's first, then each sub-module's, in registration order.</summary>
    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(p => p.Value);

    /// <summary>Every parameter with PyTorch's dotted name (<c>linear1.weight</c>), in registration order.</summary>
    public IEnumerable<(string Name, Tensor Value)> NamedParameters()
    {
        // A parameter shared by two modules is listed once, as PyTorch does.
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var (prefix, module) in NamedModules())
        {
            foreach (var (name, p) in module._parameters)
                if (p is not null && seen.Add(p)) yield return (prefix.Length == 0 ? name : prefix + "." + name, p);
        }
    }

    /// <summary>The direct sub-modules, in registration order.</summary>
    public IEnumerable<Module> Children() => _modules.Select(m => m.Value);

    /// <summary>The direct sub-modules with their names.</summary>
    public IEnumerable<(string Name, Module Module)> NamedChildren() => _modules.Select(m => (m.Key, m.Value));

    /// <summary>This module and every module below it, depth first, with dotted names (this one's is empty).</summary>
    public IEnumerable<(string Name, Module Module)> NamedModules()
    {
        var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        return Walk(this, "");

        IEnumerable<(string, Module)> Walk(Module m, string prefix)
        {
            if (!seen.Add(m)) yield break;
            yield return (prefix, m);
            foreach (var (name, child) in m._modules)
                foreach (var inner in Walk(child, prefix.Length == 0 ? name : prefix + "." + name))
                    yield return inner;
        }
    }

    // ---- training ----------------------------------------------------------------------------

    /// <summary>Clears every parameter's gradient: to null, or to zeros in place with <paramref name="setToNone"/> false.</summary>
    public void ZeroGrad(bool setToNone = true)
    {
        foreach (var p in Parameters()) ClearGrad(p, setToNone);
    }

    internal static void ClearGrad(Tensor p, bool setToNone)
    {
        if (p.Grad is null) return;
        if (setToNone) p.Grad = null;
        else
        {
            using var _ = Torch.NoGrad();
            p.Grad.Zero_();
        }
    }

    /// <summary>Sets training mode on this module and every sub-module (dropout is active); returns this module.</summary>
    public Module Train(bool mode = true)
    {
        foreach (var (_, m) in NamedModules()) m.Training = mode;
        return this;
    }

    /// <summary>Sets evaluation mode (<c>Train(false)</c>); returns this module.</summary>
    public Module Eval() => Train(false);

    // ---- state -------------------------------------------------------------------------------

    /// <summary>Every parameter by dotted name, in order, detached from the graph but sharing storage, as <c>module.state_dict()</c>.</summary>
    public StateDict StateDict()
    {
        var dict = new StateDict();
        foreach (var (name, p) in NamedParameters()) dict.Add(name, p.Detach());
        return dict;
    }

    /// <summary>
    /// Copies the tensors of <paramref name="stateDict"/> into the parameters of the same names, as
    /// <c>module.load_state_dict</c>. Every key and shape is checked first, so a failed load changes no
    /// parameter; with <paramref name="strict"/>, missing and unexpected keys fail too (PyTorch's message).
    /// </summary>
    public LoadResult LoadStateDict(IEnumerable<KeyValuePair<string, Tensor>> stateDict, bool strict = true)
    {
        var given = new Dictionary<string, Tensor>();
        var order = new List<string>();
        foreach (var (key, value) in stateDict)
        {
            if (given.TryAdd(key, value)) order.Add(key);
            else given[key] = value;
        }
        var own = NamedParameters().ToList();
        var errors = new List<string>();
        foreach (var (name, p) in own)
        {
            if (given.TryGetValue(name, out var value) && !value.Shape.Equals(p.Shape))
                errors.Add($"size mismatch for {name}: copying a param with shape {value.Shape} from checkpoint, the shape in current model is {p.Shape}.");
        }
        var ownNames = own.Select(p => p.Name).ToHashSet();
        var missing = own.Select(p => p.Name).Where(n => !given.ContainsKey(n)).ToList();
        var unexpected = order.Where(k => !ownNames.Contains(k)).ToList();
        if (strict)
        {
            if (unexpected.Count > 0) errors.Insert(0, $"Unexpected key(s) in state_dict: {Quoted(unexpected)}. ");
            if (missing.Count > 0) errors.Insert(0, $"Missing key(s) in state_dict: {Quoted(missing)}. ");
        }
        if (errors.Count > 0)
            throw new InvalidOperationException($"Error(s) in loading state_dict for {TypeName}:\n\t{string.Join("\n\t", errors)}");
        using (Torch.NoGrad())
        {
            foreach (var (name, p) in own)
                if (given.TryGetValue(name, out var value)) p.Copy_(value);
        }
        return new LoadResult(missing, unexpected);

        static string Quoted(IEnumerable<string> keys) => string.Join(", ", keys.Select(k => $"\"{k}\""));
    }

    /// <summary><see cref="LoadStateDict(IEnumerable{KeyValuePair{string, Tensor}}, bool)"/> from named tensors, as <c>NamedParameters()</c> lists them.</summary>
    public LoadResult LoadStateDict(IEnumerable<(string Name, Tensor Value)> stateDict, bool strict = true) =>
        LoadStateDict(stateDict.Select(p => new KeyValuePair<string, Tensor>(p.Name, p.Value)), strict);

    /// <summary>Writes the state dict to <paramref name="path"/> in the safetensors format.</summary>
    public void Save(string path) => SafeTensors.Save(path, StateDict());

    /// <summary>
    /// Loads parameters saved by <see cref="Save"/> (or any safetensors file with these names): every
    /// name, dtype and shape must match this module's, or nothing is changed. Returns this module.
    /// </summary>
    public Module Load(string path)
    {
        var loaded = SafeTensors.Load(path);
        foreach (var (name, p) in NamedParameters())
        {
            if (loaded.TryGetValue(name, out var value) && value.DType != p.DType)
                throw new InvalidOperationException($"{path}: tensor '{name}' has dtype {value.DType.TorchName()}, but the module's parameter has {p.DType.TorchName()}");
        }
        LoadStateDict(loaded);
        return this;
    }

    // ---- repr --------------------------------------------------------------------------------

    /// <summary>The module's own settings for its repr (<c>in_features=5, out_features=3, bias=True</c>), as <c>extra_repr</c>.</summary>
    protected virtual string ExtraRepr() => "";

    /// <summary>PyTorch's module repr: the type, its settings, and each sub-module on its own line.</summary>
    public override string ToString()
    {
        var extra = ExtraRepr();
        if (_modules.Count == 0) return $"{TypeName}({extra})";
        var sb = new StringBuilder(TypeName).Append('(');
        var lines = new List<string>();
        if (extra.Length > 0) lines.AddRange(extra.Split('\n'));
        foreach (var (name, child) in _modules)
            lines.Add($"({name}): " + child.ToString().Replace("\n", "\n  "));
        sb.Append("\n  ").Append(string.Join("\n  ", lines)).Append("\n)");
        return sb.ToString();
    }
}
