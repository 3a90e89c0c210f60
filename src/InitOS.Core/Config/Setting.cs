namespace InitOS.Core.Config;

/// <summary>One typed value of the configuration and where it comes from.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Value">The value: from the config, clamped into its range, or the default.</param>
/// <param name="Source">The layer (file:line:column) that set it, or <see cref="SettingSource.Default"/>.</param>
public sealed record Setting<T>(T Value, SettingSource Source)
{
    /// <summary>A default value (<see cref="SettingSource.Default"/>).</summary>
    public Setting(T value)
        : this(value, SettingSource.Default)
    {
    }

    /// <summary>"value (source)", for logs and tests.</summary>
    public override string ToString() => $"{Value} ({Source})";
}
