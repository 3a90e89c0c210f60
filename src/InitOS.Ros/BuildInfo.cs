using System.Reflection;

namespace InitOS.Ros;

/// <summary>The InitOS version compiled into the binary.</summary>
public static class BuildInfo
{
    /// <summary>The version, e.g. <c>v0.1.0</c>.</summary>
    public static string Version { get; } = "v" + (typeof(BuildInfo).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0");
}
