using InitOS.Core.Ports;

namespace InitOS.Ros.Tls;

/// <summary>What <c>ros tls gen</c> acts through.</summary>
/// <param name="Issuer">Makes keys and certificates.</param>
/// <param name="SystemFiles">Owned, symlink-safe atomic writes under the system root (the default directories).</param>
/// <param name="HostFiles">The same under <c>/</c>, for a directory given with <c>-d</c>.</param>
public sealed record TlsHost(ICertificateIssuer Issuer, IHostFiles SystemFiles, IHostFiles HostFiles);
