using InitOS.Core.Ports;

namespace InitOS.Ros;

/// <summary>What the <c>ros</c> commands act on: the system root, the user's own files, the terminal.</summary>
/// <param name="System">System paths, rooted at <c>$INITOS_ROOT</c>.</param>
/// <param name="Host">Paths the user names on the command line (<c>-i</c>, <c>-o</c>), rooted at <c>/</c>.</param>
/// <param name="In">Standard input.</param>
/// <param name="Out">Standard output.</param>
/// <param name="Error">Standard error.</param>
/// <param name="Environment">The process environment.</param>
/// <param name="IsRoot">Whether the process may change the system.</param>
public sealed record RosContext(
    IFileStore System,
    IFileStore Host,
    TextReader In,
    TextWriter Out,
    TextWriter Error,
    IReadOnlyDictionary<string, string> Environment,
    bool IsRoot)
{
    /// <summary>Disks and OS images for <c>ros install</c> and <c>ros os</c>; null where they are not wired.</summary>
    public Os.OsHost? Os { get; init; }

    /// <summary>HTTP for the service repositories (<c>rancher.repositories</c>); null where it is not wired.</summary>
    public InitOS.Core.Ports.IMetadataFetcher? Http { get; init; }

    /// <summary>Opens the running init's control API (<c>/run/initos/control.sock</c>); null where it is not wired.</summary>
    public Func<InitOS.Core.Control.IInitControl>? Control { get; init; }

    /// <summary>Certificates and owned file writes for <c>ros tls</c>; null where they are not wired.</summary>
    public Tls.TlsHost? Tls { get; init; }
}
