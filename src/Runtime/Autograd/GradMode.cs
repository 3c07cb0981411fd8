using System;

namespace TensorDsl.Autograd;

/// <summary>Whether ops record the graph. Per thread, as in PyTorch: a new thread starts enabled.</summary>
internal static class GradMode
{
    [ThreadStatic] private static bool t_disabled;

    public static bool IsEnabled => !t_disabled;

    public static IDisposable Disable()
    {
        var scope = new Scope(t_disabled);
        t_disabled = true;
        return scope;
    }

    private sealed class Scope(bool previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            t_disabled = previous;
        }
    }
}
