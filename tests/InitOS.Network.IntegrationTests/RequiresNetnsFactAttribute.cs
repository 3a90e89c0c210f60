namespace InitOS.Network.IntegrationTests;

/// <summary>A fact that needs root, iproute2, dnsmasq and dhcpcd; skipped with the reason otherwise, failed under
/// CI=true (where `make network-test` has installed them).</summary>
public sealed class RequiresNetnsFactAttribute : FactAttribute
{
    public RequiresNetnsFactAttribute()
    {
        if (Tools.Missing() is { } reason && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = reason;
        }
    }
}
