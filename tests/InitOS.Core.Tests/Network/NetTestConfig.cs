using InitOS.Core.Config;
using InitOS.Core.Network;

namespace InitOS.Core.Tests.Network;

/// <summary>Builds settings from YAML text and plans against named links.</summary>
internal static class NetTestConfig
{
    public static NetworkSettings Settings(string yaml, string? cmdline = null) =>
        NetworkSettings.From(YamlText.Parse(yaml, "test.yml"), cmdline);

    public static NetLink Eth(string name, string mac = "") => new(name, mac, "");

    public static NetworkPlan Plan(string yaml, params NetLink[] links) => NetworkPlanner.Plan(Settings(yaml), links);

    public static string Text(string yaml, params NetLink[] links) => Plan(yaml, links).ToText();

    public static string Lines(params string[] lines) => string.Join('\n', lines) + "\n";

    /// <summary>The loopback steps every plan starts with.</summary>
    public static readonly string[] Lo = ["lo: addresses keep-others 127.0.0.1/8 ::1/128", "lo: up"];

    public const string Dhcpcd = "dhcpcd -A4 -B --persistent --timeout 0 --script /run/initos/dhcpcd-hook";
}
