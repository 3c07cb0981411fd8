using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using TensorDsl.Shapes;
using Xunit;

namespace TensorDsl.Tests;

/// <summary>Property tests (FsCheck) over random shapes: laws the shape rules and the runtime must keep.</summary>
public class ShapePropertyTests
{
    // Shapes of rank 0 to 3 with sizes 1 to 4: small enough to compute, varied enough to broadcast.
    private static readonly Gen<int[]> SmallShape =
        Gen.Choose(0, 3).SelectMany(rank => Gen.Choose(1, 4).ArrayOf(rank));

    private static void Check(Property property) => property.QuickCheckThrowOnFailure();

    [Fact]
    public void BroadcastIsSymmetricAndTakesTheLargerSizeOrFails() => Check(Prop.ForAll(
        SmallShape.Two().ToArbitrary(), pair =>
        {
            var (a, b) = pair;
            var ab = ShapeRules.Broadcast(a, b);
            var ba = ShapeRules.Broadcast(b, a);
            if (!ab.IsOk)
            {
                // Fails exactly when some aligned pair of sizes differs and neither is 1.
                Assert.False(ba.IsOk);
                Assert.Throws<ArgumentException>(() => Torch.Zeros(a) + Torch.Zeros(b));
                return;
            }
            Assert.Equal(ab.Shape, ba.Shape);
            int rank = Math.Max(a.Length, b.Length);
            for (int i = 1; i <= rank; i++)
            {
                int x = i <= a.Length ? a[^i] : 1, y = i <= b.Length ? b[^i] : 1;
                Assert.True(x == y || x == 1 || y == 1);
                Assert.Equal(Math.Max(x, y), ab.Shape![^i]);
            }
            Assert.Equal(ab.Shape, (Torch.Ones(a) + Torch.Ones(b)).Shape.ToArray());
        }));

    [Fact]
    public void ViewWithInferredSizeRoundTrips() => Check(Prop.ForAll(
        SmallShape.Where(s => s.Length > 0).ToArbitrary(), shape =>
        {
            var x = Torch.Arange(ShapeRules.Numel(shape)).Reshape(shape);
            // Any one size may be replaced by -1; the view reads the same elements in the same order.
            for (int i = 0; i < shape.Length; i++)
            {
                var sizes = (int[])shape.Clone();
                sizes[i] = -1;
                var v = x.Reshape(-1).View(sizes);
                Assert.Equal(shape, v.Shape.ToArray());
                Assert.Equal(x.ToArray<long>(), v.ToArray<long>());
            }
        }));

    [Fact]
    public void PermuteThenInversePermuteIsTheIdentity() => Check(Prop.ForAll(
        SmallShape.Where(s => s.Length > 0).SelectMany(s => Gen.Shuffle(Enumerable.Range(0, s.Length).ToArray()).Select(p => (s, p))).ToArbitrary(),
        pair =>
        {
            var (shape, order) = pair;
            var x = Torch.Arange(ShapeRules.Numel(shape)).Reshape(shape);
            var inverse = new int[order.Length];
            for (int i = 0; i < order.Length; i++) inverse[order[i]] = i;
            var p = x.Permute(order);
            for (int i = 0; i < order.Length; i++) Assert.Equal(shape[order[i]], p.Shape[i]);
            Assert.Equal(x.ToArray<long>(), p.Permute(inverse).Contiguous().ToArray<long>());
        }));

    [Fact]
    public void CatThenSliceGivesThePartsBack() => Check(Prop.ForAll(
        SmallShape.Where(s => s.Length > 0).SelectMany(s => Gen.Choose(0, s.Length - 1).SelectMany(d => Gen.Choose(1, 3).Select(extra => (s, d, extra)))).ToArbitrary(),
        t =>
        {
            var (shape, dim, extra) = t;
            var other = (int[])shape.Clone();
            other[dim] = extra;
            var a = Torch.Arange(ShapeRules.Numel(shape)).Reshape(shape);
            var b = (Torch.Arange(ShapeRules.Numel(other)) + 1000).Reshape(other);
            var joined = Torch.Cat([a, b], dim - shape.Length); // negative dims too
            Assert.Equal(shape[dim] + extra, joined.Shape[dim]);
            var back = joined.Transpose(0, dim);
            Assert.Equal(a.Transpose(0, dim).ToArray<long>(), back[..shape[dim]].ToArray<long>());
            Assert.Equal(b.Transpose(0, dim).ToArray<long>(), back[shape[dim]..].ToArray<long>());
        }));

    [Fact]
    public void GradientOfABroadcastProductIsTheOtherFactorSummedToShape() => Check(Prop.ForAll(
        SmallShape.Two().Where(p => ShapeRules.Broadcast(p.Item1, p.Item2).IsOk).ToArbitrary(), pair =>
        {
            var (sa, sb) = pair;
            var a = Torch.Ones(sa, DType.Float64, requiresGrad: true);
            var b = (Torch.Arange(ShapeRules.Numel(sb)).To(DType.Float64) + 1).Reshape(sb).Detach().RequiresGrad_();
            (a * b).Sum().Backward();
            // d/da Σ a·b = b summed over the dims a was broadcast along; with a = 1 likewise for b.
            var expectedA = (Torch.Zeros(ShapeRules.Broadcast(sa, sb).Shape!, DType.Float64) + b.Detach());
            int lead = expectedA.Dim - sa.Length;
            for (int i = 0; i < lead; i++) expectedA = expectedA.Sum(0);
            for (int d = 0; d < sa.Length; d++)
                if (sa[d] == 1) expectedA = expectedA.Sum(d, keepDim: true);
            Assert.Equal(expectedA.ToArray<double>(), a.Grad!.ToArray<double>());
            Assert.Equal(sb, b.Grad!.Shape.ToArray());
        }));
}
