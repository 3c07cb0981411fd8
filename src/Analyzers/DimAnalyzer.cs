// TD0005: a dim argument out of range for the tensor's rank (cat, stack, sum, mean, max, softmax,
// log_softmax, transpose, t, permute, flatten, squeeze, unsqueeze), and the other invalid dims
// of permute (duplicates) and flatten (start after end).
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TensorDsl.Shapes;
using TensorDsl.Shared;
using TensorDsl.Shared.Diagnostics;

namespace TensorDsl.Analyzers;

/// <summary>Dimensions out of range (TD0005), on the dim argument.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DimAnalyzer : ShapeRuleAnalyzer
{
    public DimAnalyzer() : base(Descriptors.DimOutOfRange) { }

    private protected override bool Reports(OpKind kind, ShapeErrorKind error) =>
        error == ShapeErrorKind.Dim ||
        (error == ShapeErrorKind.Argument && kind is OpKind.Permute or OpKind.Flatten or OpKind.T);
}
