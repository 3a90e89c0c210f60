using InitOS.Core.Config;

namespace InitOS.Core.Cmdline;

/// <summary>
/// The init's elided arguments (what the kernel passed after <c>--</c>, which reach only init's argv) as the
/// layer <c>cloud-config.d/init.yml</c>: <c>EXTRA_CMDLINE</c> holds the joined arguments, the <c>cc.*</c> keys
/// parsed from them are stored, and <c>rancher</c> holds only <c>environment.EXTRA_CMDLINE</c>. The
/// <c>rancher.*</c> arguments still take effect because every load parses <c>EXTRA_CMDLINE</c> again
/// (<see cref="ConfigLoader"/>).
/// </summary>
public static class ExtraCmdline
{
    /// <summary>The layer for the given argv (argv[0] included, as RancherOS stored it); null when there are
    /// no arguments beyond argv[0].</summary>
    public static Dictionary<string, object?>? InitLayer(IReadOnlyList<string> argv)
    {
        if (argv.Count < 2)
        {
            return null;
        }
        var joined = string.Join(' ', argv);
        var layer = KernelCmdline.Parse(joined);
        layer["EXTRA_CMDLINE"] = joined;
        layer["rancher"] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["environment"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["EXTRA_CMDLINE"] = joined },
        };
        return layer;
    }
}
