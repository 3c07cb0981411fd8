// A line-for-line port of PyTorch's "Introduction to Torch's tensor library" tutorial
// (Robert Guthrie): the same seed and the same calls in the same order, so the output is what
// PyTorch prints for the script (object addresses aside).
using System;
using TensorDsl;

Torch.ManualSeed(1);

// Torch.Tensor(data) creates a Tensor object with the given data.
float[] V_data = [1f, 2f, 3f];
var V = Torch.Tensor(V_data);
Torch.Print(V);

// Creates a matrix
float[][] M_data = [[1f, 2f, 3f], [4f, 5f, 6]];
var M = Torch.Tensor(M_data);
Torch.Print(M);

// Create a 3D tensor of size 2x2x2.
float[][][] T_data = [[[1f, 2f], [3f, 4f]],
                      [[5f, 6f], [7f, 8f]]];
var T = Torch.Tensor(T_data);
Torch.Print(T);

// Index into V and get a scalar (0 dimensional tensor)
Torch.Print(V[0]);
// Get a C# number from it
Torch.Print(V[0].Item<float>());

// Index into M and get a vector
Torch.Print(M[0]);

// Index into T and get a matrix
Torch.Print(T[0]);

var x = Torch.Randn(3, 4, 5);
Torch.Print(x);

x = Torch.Tensor([1f, 2f, 3f]);
var y = Torch.Tensor([4f, 5f, 6f]);
var z = x + y;
Torch.Print(z);

// By default, it concatenates along the first axis (concatenates rows)
var x_1 = Torch.Randn(2, 5);
var y_1 = Torch.Randn(3, 5);
var z_1 = Torch.Cat([x_1, y_1]);
Torch.Print(z_1);

// Concatenate columns:
var x_2 = Torch.Randn(2, 3);
var y_2 = Torch.Randn(2, 5);
// second arg specifies which axis to concat along
var z_2 = Torch.Cat([x_2, y_2], 1);
Torch.Print(z_2);

// If your tensors are not compatible, torch will complain.  Uncomment to see the error
// (TensorDsl reports it at compile time: TD0001).
// Torch.Cat([x_1, x_2]);

x = Torch.Randn(2, 3, 4);
Torch.Print(x);
Torch.Print(x.View(2, 12));  // Reshape to 2 rows, 12 columns
// Same as above.  If one of the dimensions is -1, its size can be inferred
Torch.Print(x.View(2, -1));

// Tensor factory methods have a requiresGrad flag
x = Torch.Tensor([1f, 2f, 3], requiresGrad: true);

// With requiresGrad: true, you can still do all the operations you previously
// could
y = Torch.Tensor([4f, 5f, 6], requiresGrad: true);
z = x + y;
Torch.Print(z);

// BUT z knows something extra.
Torch.Print(z.GradFn);

// Let's sum up all the entries in z
var s = z.Sum();
Torch.Print(s);
Torch.Print(s.GradFn);

// calling .Backward() on any variable will run backprop, starting from it.
s.Backward();
Torch.Print(x.Grad);

x = Torch.Randn(2, 2);
y = Torch.Randn(2, 2);
// By default, user created Tensors have RequiresGrad == false
Torch.Print(x.RequiresGrad, y.RequiresGrad);
z = x + y;
// So you can't backprop through z
Torch.Print(z.GradFn);

// .RequiresGrad_( ... ) changes an existing Tensor's RequiresGrad
// flag in-place. The input flag defaults to true if not given.
x = x.RequiresGrad_();
y = y.RequiresGrad_();
// z contains enough information to compute gradients, as we saw above
z = x + y;
Torch.Print(z.GradFn);
// If any input to an operation has RequiresGrad == true, so will the output
Torch.Print(z.RequiresGrad);

// Now z has the computation history that relates itself to x and y
// Can we just take its values, and **detach** it from its history?
var new_z = z.Detach();

// ... does new_z have information to backprop to x and y?
// NO!
Torch.Print(new_z.GradFn);
// And how could it? z.Detach() returns a tensor that shares the same storage
// as z, but with the computation history forgotten. It doesn't know anything
// about how it was computed.
// In essence, we have broken the Tensor away from its past history

Torch.Print(x.RequiresGrad);
Torch.Print(x.Pow(2).RequiresGrad);

using (Torch.NoGrad())
{
    Torch.Print(x.Pow(2).RequiresGrad);
}
