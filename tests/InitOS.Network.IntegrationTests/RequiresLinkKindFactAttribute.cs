namespace InitOS.Network.IntegrationTests;

/// <summary>
/// A fact that also needs the running kernel to create links of some kinds (<c>bond</c>, <c>vlan</c>). Tools are
/// prerequisites `make network-test` installs, so their absence fails under CI=true; a kernel built without
/// CONFIG_BONDING or CONFIG_VLAN_8021Q cannot be fixed by installing anything, so that skips, naming the option.
/// </summary>
public sealed class RequiresLinkKindFactAttribute : FactAttribute
{
    public RequiresLinkKindFactAttribute(params string[] kinds)
    {
        if (Tools.Missing() is { } reason)
        {
            if (Environment.GetEnvironmentVariable("CI") != "true")
            {
                Skip = reason;
            }
            return;
        }
        foreach (var kind in kinds)
        {
            if (!KernelCan(kind))
            {
                Skip = $"the running kernel ({Environment.OSVersion.Version}) cannot create '{kind}' links " +
                    $"({(kind == "bond" ? "CONFIG_BONDING" : "CONFIG_VLAN_8021Q")} is not set or its module is missing)";
                return;
            }
        }
    }

    /// <summary>Tries to create a link of <paramref name="kind"/> in a scratch namespace.</summary>
    private static bool KernelCan(string kind)
    {
        var name = $"initos-probe-{Environment.ProcessId}";
        if (Tools.TryRun("ip", "netns", "add", name).Code != 0)
        {
            return false;
        }
        try
        {
            if (kind == "vlan")
            {
                return Tools.TryRun("ip", "-n", name, "link", "add", "pv0", "type", "veth", "peer", "name", "pv1").Code == 0 &&
                    Tools.TryRun("ip", "-n", name, "link", "add", "link", "pv0", "name", "pv0.5", "type", "vlan", "id", "5").Code == 0;
            }
            return Tools.TryRun("ip", "-n", name, "link", "add", "pk0", "type", kind).Code == 0;
        }
        finally
        {
            _ = Tools.TryRun("ip", "netns", "del", name);
        }
    }
}
