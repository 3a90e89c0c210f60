using System.Text;
using InitOS.Core.Control;

namespace InitOS.Platform.Control;

/// <summary>Runs a <see cref="SaslServer"/> over a connected stream: reads, feeds, writes the replies.</summary>
internal static class SaslHandshake
{
    private const int ChunkSize = 1024;

    /// <summary>
    /// Authenticates the client; returns the bytes it sent after <c>BEGIN</c> (at most one chunk, the start of its
    /// D-Bus messages).
    /// </summary>
    /// <exception cref="IOException">The client broke the exchange, failed it, or closed the stream.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired (the auth deadline).</exception>
    public static async Task<ReadOnlyMemory<byte>> RunAsync(Stream stream, SaslServer sasl, CancellationToken cancellationToken)
    {
        byte[] chunk = new byte[ChunkSize];
        while (true)
        {
            int n = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new IOException("The client closed the connection during authentication");
            }
            SaslStep step = sasl.Feed(chunk.AsSpan(0, n));
            if (step.Replies.Count > 0)
            {
                string text = string.Concat(step.Replies.Select(r => r + "\r\n"));
                await stream.WriteAsync(Encoding.ASCII.GetBytes(text), cancellationToken).ConfigureAwait(false);
            }
            switch (step.Outcome)
            {
                case SaslOutcome.Authenticated:
                    return chunk.AsMemory(step.Consumed, n - step.Consumed);
                case SaslOutcome.Failed:
                    throw new IOException("Authentication failed: " + step.Failure);
            }
        }
    }
}
