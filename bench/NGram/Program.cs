// The N-gram language model of PyTorch's word-embeddings tutorial: 10 epochs of SGD over the
// sonnet's 113 trigrams, one example per step, as the tutorial trains it. TensorDsl (eager) and
// TorchSharp (libtorch 2.10, one thread) run the same loop in one process, alternately, from a
// fresh model each round; the report is the median round of each and their ratio. "compiled" is
// TensorDsl with the step as a [Kernel] (eager modules and optimizer, compiled forward and backward).
using System.Diagnostics;
using NGram;

int rounds = args.Length > 0 ? int.Parse(args[0]) : 7;
TorchSharp.torch.set_num_threads(1);
var corpus = Corpus.Sonnet();
Console.WriteLine($"N-gram model, 10 epochs x {corpus.Ngrams.Count} steps, vocabulary {corpus.Vocabulary.Count}; {rounds} rounds each, alternating");

var times = new Dictionary<string, List<double>> { ["TensorDsl"] = new(), ["compiled"] = new(), ["TorchSharp"] = new() };
var losses = new Dictionary<string, double>();
for (int round = 0; round <= rounds; round++)
{
    foreach (var (name, run) in new (string, Func<Corpus, double>)[]
        { ("TensorDsl", TensorDslNGram.Train), ("compiled", TensorDslKernelNGram.Train), ("TorchSharp", TorchSharpNGram.Train) })
    {
        var watch = Stopwatch.StartNew();
        losses[name] = run(corpus);
        // Round 0 is the first run in the process (cold), reported apart.
        if (round == 0) Console.WriteLine($"  first run {name,-10} {watch.Elapsed.TotalMilliseconds,8:F0} ms");
        else times[name].Add(watch.Elapsed.TotalMilliseconds);
    }
}
double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
foreach (var (name, t) in times)
    Console.WriteLine($"  {name,-10} median {Median(t),8:F1} ms  ({Median(t) * 1000 / (10 * corpus.Ngrams.Count),6:F1} us/step)  last epoch loss {losses[name]:F4}");
Console.WriteLine($"  TorchSharp / TensorDsl: {Median(times["TorchSharp"]) / Median(times["TensorDsl"]):F2}x; TorchSharp / compiled: {Median(times["TorchSharp"]) / Median(times["compiled"]):F2}x");
