using InitOS.Core.Network;
using InitOS.Core.Ports;

namespace InitOS.Platform.Network;

/// <summary>iproute2's <c>ip</c>, run through <see cref="IProgramRunner"/>: reads links and addresses as JSON,
/// and runs one change per call.</summary>
public sealed class IpCommand(IProgramRunner runner)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <summary>The program run (<c>ip</c>, found on PATH).</summary>
    public string Program { get; init; } = "ip";

    /// <summary>Every link of the current network namespace (<c>ip -j -d link show</c>).</summary>
    public async Task<IReadOnlyList<NetLink>> ReadLinksAsync(CancellationToken cancellationToken)
    {
        var (code, output) = await runner.RunAsync(Program, ["-j", "-d", "link", "show"], Deadline, cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            throw new IOException($"ip -j -d link show failed with exit code {code}: {output.Trim()}");
        }
        return IpJson.ParseLinks(output);
    }

    /// <summary>The addresses on <paramref name="link"/> (<c>ip -j addr show dev LINK</c>).</summary>
    public async Task<IReadOnlyList<LinkAddress>> ReadAddressesAsync(string link, CancellationToken cancellationToken)
    {
        var (code, output) = await runner.RunAsync(Program, ["-j", "addr", "show", "dev", link], Deadline, cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            throw new IOException($"ip -j addr show dev {link} failed with exit code {code}: {output.Trim()}");
        }
        return IpJson.ParseAddresses(output);
    }

    /// <summary>Runs <c>ip ARGS</c>; null on success, else the command and its error output.</summary>
    public async Task<string?> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var (code, output) = await runner.RunAsync(Program, arguments, Deadline, cancellationToken).ConfigureAwait(false);
        return code == 0 ? null : $"'ip {string.Join(' ', arguments)}' failed ({code}): {output.Trim()}";
    }
}
