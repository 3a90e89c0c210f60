using System.Globalization;
using InitOS.Core.Config;

namespace InitOS.Core.Lifecycle;

/// <summary>The <c>rancher.upgrade</c> keys, typed and clamped once.</summary>
/// <param name="Url">The release index (<c>rancher.upgrade.url</c>): a file path or an http(s) URL; null when unset.</param>
/// <param name="Image">The OS image repository (<c>rancher.upgrade.image</c>, default <c>initos/os</c>).</param>
/// <param name="Tries">Trial boots of a new version before GRUB falls back (<c>rancher.upgrade.tries</c>, 1..5, default 2).</param>
/// <param name="HealthTimeout">How long a trial boot has to become healthy (<c>rancher.upgrade.health_timeout</c>
/// seconds, 60..3600, default 600).</param>
/// <param name="HealthCheck">An extra shell command that must exit 0 before a trial boot is committed
/// (<c>rancher.upgrade.health_check</c>); null when unset.</param>
public sealed record UpgradeSettings(string? Url, string Image, int Tries, TimeSpan HealthTimeout, string? HealthCheck)
{
    /// <summary>The default OS image repository.</summary>
    public const string DefaultImage = "initos/os";

    /// <summary>Reads the settings; missing or unusable values take the defaults, numbers are clamped.</summary>
    public static UpgradeSettings From(LoadedConfig? config)
    {
        var url = config?.GetString("rancher.upgrade.url");
        var image = config?.GetString("rancher.upgrade.image");
        var check = config?.GetString("rancher.upgrade.health_check");
        return new UpgradeSettings(
            string.IsNullOrWhiteSpace(url) ? null : url.Trim(),
            string.IsNullOrWhiteSpace(image) ? DefaultImage : image.Trim(),
            Clamp(config?.GetString("rancher.upgrade.tries"), BootSlots.DefaultTries, 1, BootSlots.MaxTries),
            TimeSpan.FromSeconds(Clamp(config?.GetString("rancher.upgrade.health_timeout"), 600, 60, 3600)),
            string.IsNullOrWhiteSpace(check) ? null : check);
    }

    private static int Clamp(string? text, int fallback, int min, int max) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? (int)Math.Clamp(n, min, max) : fallback;
}
