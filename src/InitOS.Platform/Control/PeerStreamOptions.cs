using Tmds.DBus.Protocol;

namespace InitOS.Platform.Control;

/// <summary>Hands an already connected stream (a <see cref="HandshakeShimStream"/>) to a <see cref="DBusConnection"/>.</summary>
internal sealed class PeerStreamOptions : DBusConnectionOptions
{
    private readonly Stream _stream;

    public PeerStreamOptions(Stream stream) => _stream = stream;

    protected override ValueTask<SetupResult> SetupAsync(CancellationToken cancellationToken)
        => ValueTask.FromResult(new SetupResult { ConnectionStream = _stream, UserId = "0" });
}
