using InitOS.Core.Network;
using InitOS.Core.Ports;

namespace InitOS.Platform.Network;

/// <summary>
/// Performs a <see cref="NetworkPlan"/> step by step with iproute2, writing <c>accept_ra</c> under
/// <c>/proc/sys/net/ipv6/conf</c> and handing DHCP links to <see cref="DhcpClients"/>. A failed step is recorded
/// and the next one runs: one broken link must not keep the others down.
/// </summary>
public sealed class NetworkApplier(IpCommand ip, IProgramRunner runner, DhcpClients dhcp)
{
    /// <summary>How long a <c>pre_cmds</c>/<c>pre_up</c>/<c>post_up</c>/<c>post_cmds</c> command may run.</summary>
    public static readonly TimeSpan CommandDeadline = TimeSpan.FromSeconds(60);

    /// <summary>Where the per-link IPv6 sysctls live (the current network namespace's).</summary>
    public string SysctlRoot { get; init; } = "/proc/sys/net/ipv6/conf";

    /// <summary>Runs every step in order.</summary>
    public async Task<IReadOnlyList<ActionOutcome>> ApplyAsync(NetworkPlan plan, CancellationToken cancellationToken)
    {
        var outcomes = new List<ActionOutcome>();
        foreach (var action in plan.Actions)
        {
            string? error;
            try
            {
                error = await PerformAsync(action, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
            {
                error = e.Message;
            }
            outcomes.Add(new ActionOutcome(action, error));
        }
        return outcomes;
    }

    private async Task<string?> PerformAsync(NetAction action, CancellationToken ct)
    {
        var link = action.Link;
        var v = action.Values;
        switch (action.Kind)
        {
            case NetActionKind.RunCommand:
                var (code, output) = await runner.RunAsync(v[0], v.Skip(1).ToList(), CommandDeadline, ct).ConfigureAwait(false);
                return code == 0 ? null : $"'{string.Join(' ', v)}' exited with {code}: {output.Trim()}";
            case NetActionKind.CreateBond:
                return await ip.RunAsync(["link", "add", "name", link, "type", "bond", "mode", v[0]], ct).ConfigureAwait(false);
            case NetActionKind.SetBondOption:
                return await ip.RunAsync(["link", "set", "dev", link, "type", "bond", v[0], v[1]], ct).ConfigureAwait(false);
            case NetActionKind.CreateBridge:
                return await ip.RunAsync(["link", "add", "name", link, "type", "bridge"], ct).ConfigureAwait(false);
            case NetActionKind.CreateVlan:
                return await ip.RunAsync(["link", "add", "link", v[0], "name", link, "type", "vlan", "id", v[1]], ct).ConfigureAwait(false);
            case NetActionKind.Enslave:
                // A bond takes only links that are down; the plan brings the link up again after this step.
                return await ip.RunAsync(["link", "set", "dev", link, "down"], ct).ConfigureAwait(false)
                    ?? await ip.RunAsync(["link", "set", "dev", link, "master", v[0]], ct).ConfigureAwait(false);
            case NetActionKind.SetMtu:
                return await ip.RunAsync(["link", "set", "dev", link, "mtu", v[0]], ct).ConfigureAwait(false);
            case NetActionKind.SetAddresses:
                return await SetAddressesAsync(link, v[0] == "exclusive", v.Skip(1).ToList(), ct).ConfigureAwait(false);
            case NetActionKind.SetAcceptRa:
                await File.WriteAllTextAsync(Path.Join(SysctlRoot, link, "accept_ra"), v[0] + "\n", ct).ConfigureAwait(false);
                return null;
            case NetActionKind.LinkUp:
                return await ip.RunAsync(["link", "set", "dev", link, "up"], ct).ConfigureAwait(false);
            case NetActionKind.SetGateway:
                var family = v[0].Contains(':') ? "-6" : "-4";
                return await ip.RunAsync([family, "route", "replace", "default", "via", v[0], "dev", link], ct).ConfigureAwait(false);
            case NetActionKind.StartDhcp:
                return dhcp.Start(link, v);
            default:
                return $"unknown step {action.Kind}";
        }
    }

    private async Task<string?> SetAddressesAsync(string link, bool exclusive, List<string> wanted, CancellationToken ct)
    {
        var present = await ip.ReadAddressesAsync(link, ct).ConfigureAwait(false);
        var (add, remove) = AddressChanges.For(present, wanted, exclusive);
        var errors = new List<string>();
        foreach (var cidr in remove)
        {
            if (await ip.RunAsync(["addr", "del", cidr, "dev", link], ct).ConfigureAwait(false) is { } error)
            {
                errors.Add(error);
            }
        }
        foreach (var cidr in add)
        {
            string[] args = cidr.StartsWith("169.254.", StringComparison.Ordinal)
                ? ["addr", "replace", cidr, "dev", link, "scope", "link"]
                : ["addr", "replace", cidr, "dev", link];
            if (await ip.RunAsync(args, ct).ConfigureAwait(false) is { } error)
            {
                errors.Add(error);
            }
        }
        return errors.Count == 0 ? null : string.Join("; ", errors);
    }
}
