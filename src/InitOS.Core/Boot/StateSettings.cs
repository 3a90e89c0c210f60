namespace InitOS.Core.Boot;

/// <summary>The <c>rancher.state.*</c> keys that decide where persistent data lives.</summary>
/// <param name="Device">rancher.state.dev; null = no state device, run from memory.</param>
/// <param name="FsType">rancher.state.fstype (<c>auto</c> = probe).</param>
/// <param name="Wait">rancher.state.wait: wait up to <see cref="WaitTimeout"/> for the device to appear.</param>
/// <param name="Required">rancher.state.required: no state device is a boot failure.</param>
/// <param name="Autoformat">rancher.state.autoformat: devices that may be formatted when blank.</param>
/// <param name="Directory">rancher.state.directory: a subdirectory of the partition to use as its root.</param>
/// <param name="MkfsType">The filesystem autoformat creates.</param>
public sealed record StateSettings(DeviceSpec? Device, string FsType, bool Wait, bool Required, IReadOnlyList<string> Autoformat, string? Directory, string MkfsType = "ext4")
{
    /// <summary>How long <see cref="Wait"/> waits, as RancherOS's bootstrap does.</summary>
    public static TimeSpan WaitTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>The label autoformat gives the new filesystem, so the next boot finds it.</summary>
    public const string Label = "RANCHER_STATE";

    /// <summary>Where the state partition is mounted.</summary>
    public const string MountPoint = "/state";

    /// <summary>Reads the settings from the <c>rancher.state</c> map of the merged config (null = defaults).</summary>
    public static StateSettings FromConfig(IReadOnlyDictionary<string, object?>? state)
    {
        string? Str(string key) => state != null && state.TryGetValue(key, out var v) && v != null ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) : null;
        bool Bool(string key) => state != null && state.TryGetValue(key, out var v) && v switch
        {
            bool b => b,
            string s => s.Length == 0 || s.Equals("true", StringComparison.OrdinalIgnoreCase) || s == "1",
            long l => l != 0,
            null => true, // a bare cmdline flag (`rancher.state.wait`) means true
            _ => false,
        };
        var autoformat = new List<string>();
        if (state != null && state.TryGetValue("autoformat", out var af))
        {
            switch (af)
            {
                case IEnumerable<object?> list:
                    autoformat.AddRange(list.Select(x => Convert.ToString(x, System.Globalization.CultureInfo.InvariantCulture)).OfType<string>().Where(x => x.Length > 0));
                    break;
                case string s when s.Length > 0:
                    autoformat.AddRange(s.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries));
                    break;
            }
        }
        var fstype = Str("fstype");
        var mkfs = Str("autoformat_fstype");
        var device = DeviceSpec.Parse(Str("dev"));
        // Autoformat without a state.dev: the first listed device becomes the state device by its new label.
        if (device == null && autoformat.Count > 0)
        {
            device = new DeviceSpec("label", Label);
        }
        return new StateSettings(device, string.IsNullOrEmpty(fstype) ? "auto" : fstype, Bool("wait"), Bool("required"), autoformat, Str("directory"), string.IsNullOrEmpty(mkfs) ? "ext4" : mkfs);
    }
}
