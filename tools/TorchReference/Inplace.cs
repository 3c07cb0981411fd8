using System;
using System.Globalization;
using System.Text.RegularExpressions;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchReference;

/// <summary>
/// inplace.json: the errors autograd raises for in-place modifications, and the version counter.
/// TorchSharp does not expose Tensor._version; the versions are read back from autograd itself: a
/// product w * t (w requiring grad) saves t at its current version, one more in-place op on t makes
/// the backward fail with "... is at version N+1; expected version N instead", and N is the version
/// t had. Each reading replays the statements from the start on fresh tensors, so the probe never
/// disturbs the state it reads.
/// </summary>
internal static partial class Inplace
{
    public static void Write(string dir, Report report)
    {
        using var file = new GoldenFile(dir, "inplace.json");
        var w = file.W;
        w.WritePropertyName("cases");
        w.WriteStartArray();

        Error(w, "leaf-inplace", "a = torch.randn(3, requires_grad=True); a.add_(1)", () =>
        {
            var a = torch.randn(3, requires_grad: true);
            a.add_(1);
        });

        Error(w, "saved-output-modified", "a = torch.randn(3, requires_grad=True); b = a.sigmoid(); b.add_(1); b.sum().backward()", () =>
        {
            var a = torch.randn(3, requires_grad: true);
            var b = a.sigmoid();
            b.add_(1);
            b.sum().backward();
        });

        Error(w, "saved-input-modified", "a = torch.randn(3, requires_grad=True); c = a * 2; d = c * c; c.mul_(3); d.sum().backward()", () =>
        {
            var a = torch.randn(3, requires_grad: true);
            // Python's a * 2 multiplies by a wrapped 0-dim tensor (mul.Tensor, MulBackward0); TorchSharp's
            // Tensor * Scalar would call mul.Scalar (MulBackward1) and the message names the node.
            var c = a * torch.tensor(2.0f);
            var d = c * c;
            c.mul_(torch.tensor(3.0f));
            d.sum().backward();
        });

        Error(w, "saved-leaf-modified-under-no_grad", "a = torch.randn(2, 2, requires_grad=True); b = a * a; with torch.no_grad(): a.add_(1); b.sum().backward()", () =>
        {
            var a = torch.randn(2, 2, requires_grad: true);
            var b = a * a;
            using (torch.no_grad()) a.add_(1);
            b.sum().backward();
        });

        // Versions: x = torch.zeros(3); x.add_(1); x[0] = 5; v = x[1:]; v.mul_(2).
        // x[0] = 5 is what Python's __setitem__ runs for an integer index: x.select(0, 0).copy_(tensor(5.)).
        Tensor Step(int upTo, bool view)
        {
            var x = torch.zeros(3);
            if (upTo >= 1) x.add_(1);
            if (upTo >= 2) x.select(0, 0).copy_(torch.tensor(5.0f));
            var v = x[TensorIndex.Slice(1)];
            if (upTo >= 4) v.mul_(2);
            return view ? v : x;
        }

        w.WriteStartObject();
        w.WriteString("name", "version-counter");
        w.WriteString("code", "x = torch.zeros(3); x.add_(1); x[0] = 5; v = x[1:]; v.mul_(2)");
        w.WriteString("method", "Tensor._version is not exposed by TorchSharp; read back from autograd's saved-tensor check (see tools/TorchReference/Inplace.cs)");
        w.WritePropertyName("versions");
        w.WriteStartObject();
        w.WriteNumber("x = torch.zeros(3): x", Probe(() => Step(0, false)));
        w.WriteNumber("x.add_(1): x", Probe(() => Step(1, false)));
        w.WriteNumber("x[0] = 5: x", Probe(() => Step(2, false)));
        w.WriteNumber("v = x[1:]: x", Probe(() => Step(3, false)));
        w.WriteNumber("v = x[1:]: v", Probe(() => Step(3, true)));
        w.WriteNumber("v.mul_(2): x", Probe(() => Step(4, false)));
        w.WriteNumber("v.mul_(2): v", Probe(() => Step(4, true)));
        w.WriteEndObject();
        w.WriteEndObject();

        // A check of the probe itself: it must read 0 for a fresh tensor and count each in-place op once.
        var fresh = Probe(() => torch.zeros(3));
        var twice = Probe(() => torch.zeros(3).add_(1).add_(1));
        if (fresh != 0 || twice != 2) report.Deviation($"version probe read {fresh} and {twice} (expected 0 and 2)");

        w.WriteEndArray();
    }

    private static void Error(System.Text.Json.Utf8JsonWriter w, string name, string code, Action action)
    {
        var raw = Errors.Capture(action);
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("code", code);
        w.WriteString("error", Errors.Python(raw));
        w.WriteString("libtorchError", raw);
        w.WriteEndObject();
    }

    [GeneratedRegex(@"is at version (\d+); expected version (\d+) instead")]
    private static partial Regex VersionMessage();

    /// <summary>The version counter of the tensor that build() returns, as autograd reads it.</summary>
    private static long Probe(Func<Tensor> build)
    {
        var t = build();
        var weight = torch.ones(t.shape, requires_grad: true);
        var product = weight * t;   // MulBackward0 saves t (needed for weight's gradient) at its current version
        using (torch.no_grad()) t.add_(0);
        var message = Errors.Capture(() => product.sum().backward());
        var m = VersionMessage().Match(message);
        if (!m.Success) throw new InvalidOperationException("unexpected message: " + message);
        var now = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var saved = long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        if (now != saved + 1) throw new InvalidOperationException("unexpected versions: " + message);
        return saved;
    }
}
