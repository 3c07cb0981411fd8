namespace NGram;

/// <summary>The tutorial's sonnet as (context, target) index pairs, vocabulary in first-occurrence order.</summary>
public sealed record Corpus(List<string> Vocabulary, List<(long[] Context, long Target)> Ngrams)
{
    public const int ContextSize = 2;
    public const int EmbeddingDim = 10;

    public static Corpus Sonnet()
    {
        var words = """
            When forty winters shall besiege thy brow,
            And dig deep trenches in thy beauty's field,
            Thy youth's proud livery so gazed on now,
            Will be a totter'd weed of small worth held:
            Then being asked, where all thy beauty lies,
            Where all the treasure of thy lusty days;
            To say, within thine own deep sunken eyes,
            Were an all-eating shame, and thriftless praise.
            How much more praise deserv'd thy beauty's use,
            If thou couldst answer 'This fair child of mine
            Shall sum my count, and make my old excuse,'
            Proving his beauty by succession thine!
            This were to be new made when thou art old,
            And see thy blood warm when thou feel'st it cold.
            """.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var vocabulary = words.Distinct().ToList();
        var index = vocabulary.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => (long)p.i);
        var ngrams = Enumerable.Range(ContextSize, words.Length - ContextSize)
            .Select(i => (Enumerable.Range(0, ContextSize).Select(j => index[words[i - j - 1]]).ToArray(), index[words[i]]))
            .ToList();
        return new Corpus(vocabulary, ngrams);
    }
}
