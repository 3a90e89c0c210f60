using InitOS.Core.Boot;
using InitOS.Core.Config;

namespace InitOS.Core.Tests.Config;

/// <summary>Issue 12: when a boot falls back to the last good configuration for its services and state.</summary>
public class LastGoodTests
{
    private const string Good = """
        rancher:
          services:
            console:
              image: initos/os-console:v1
              command: [/usr/bin/initos, console-init]
            syslog:
              image: initos/os-syslog:v1
          state:
            dev: LABEL=RANCHER_STATE
            wait: true
        hostname: good
        """;

    private static readonly HashSet<string> Present = ["LABEL=RANCHER_STATE", "/dev/vda1"];

    private static bool Found(DeviceSpec spec) => Present.Contains(spec.ToString());

    private static Dictionary<string, object?> Tree(string yaml) => YamlText.Parse(yaml, "test");

    private static LastGoodDecision Decide(string current, string? lastGood = Good) =>
        LastGood.Decide(Tree(current), lastGood is null ? null : Tree(lastGood), Found);

    [Fact]
    public void The_same_configuration_does_not_fall_back()
    {
        var decision = Decide(Good);
        Assert.False(decision.UseLastGood);
        Assert.Empty(decision.Problems);
    }

    [Fact]
    public void Without_a_last_good_configuration_nothing_falls_back()
    {
        Assert.False(Decide("rancher: {services: {}}", lastGood: null).UseLastGood);
    }

    [Fact]
    public void A_removed_console_falls_back()
    {
        var decision = Decide(Good.Replace("    console:\n      image: initos/os-console:v1\n      command: [/usr/bin/initos, console-init]\n", ""));
        Assert.True(decision.UseLastGood);
        Assert.Equal(["rancher.services.console is gone"], decision.Problems);
    }

    [Fact]
    public void No_services_at_all_falls_back()
    {
        Assert.Equal(["rancher.services is gone, so there is no console service"], Decide("rancher: {state: {dev: LABEL=RANCHER_STATE}}").Problems);
    }

    [Theory]
    [InlineData("image: initos/os-console:v1", "image: ''", "rancher.services.console has no image")]
    [InlineData("command: [/usr/bin/initos, console-init]", "command: []", "rancher.services.console has no command")]
    public void A_console_without_its_image_or_command_falls_back(string line, string replacement, string problem)
    {
        Assert.Equal([problem], Decide(Good.Replace(line, replacement)).Problems);
    }

    [Fact]
    public void A_changed_console_image_is_not_a_problem()
    {
        Assert.False(Decide(Good.Replace("os-console:v1", "my/console:v2")).UseLastGood);
    }

    [Fact]
    public void A_state_device_that_is_not_found_falls_back()
    {
        Assert.Equal(["rancher.state.dev 'LABEL=TYPO' is not found (the last good 'LABEL=RANCHER_STATE' is present)"],
            Decide(Good.Replace("dev: LABEL=RANCHER_STATE", "dev: LABEL=TYPO")).Problems);
    }

    [Fact]
    public void A_removed_state_device_falls_back()
    {
        Assert.Equal(["rancher.state.dev is unset, so the state would stay in memory (the last good 'LABEL=RANCHER_STATE' is present)"],
            Decide(Good.Replace("    dev: LABEL=RANCHER_STATE\n", "")).Problems);
    }

    [Fact]
    public void A_state_device_changed_to_one_that_is_present_is_taken()
    {
        Assert.False(Decide(Good.Replace("dev: LABEL=RANCHER_STATE", "dev: /dev/vda1")).UseLastGood);
    }

    [Fact]
    public void A_last_good_state_device_that_is_gone_too_gives_no_reason_to_fall_back()
    {
        var lastGood = Good.Replace("dev: LABEL=RANCHER_STATE", "dev: /dev/sdz");
        Assert.False(Decide(Good.Replace("dev: LABEL=RANCHER_STATE", "dev: LABEL=TYPO"), lastGood).UseLastGood);
    }

    [Fact]
    public void Both_problems_are_named()
    {
        var current = Good.Replace("image: initos/os-console:v1", "image: ''").Replace("dev: LABEL=RANCHER_STATE", "dev: /dev/nope");
        Assert.Equal(2, Decide(current).Problems.Count);
    }

    [Fact]
    public void Apply_takes_services_and_state_from_the_last_good_and_keeps_the_rest()
    {
        var current = Tree("rancher:\n  services: {}\n  debug: true\nhostname: now\n");
        LastGood.ApplyTo(current, Tree(Good));
        Assert.Equal("hostname: now\nrancher:\n  debug: true\n  services:\n    console:\n      command:\n      - /usr/bin/initos\n      - console-init\n      image: initos/os-console:v1\n    syslog:\n      image: initos/os-syslog:v1\n  state:\n    dev: LABEL=RANCHER_STATE\n    wait: true\n",
            YamlText.Write(current));
    }

    [Fact]
    public void The_saved_text_reads_back_as_the_same_tree()
    {
        var tree = Tree(Good + "\nrancher_password_note: \"secret: kept, the file is 0600\"\n");
        var text = LastGood.Serialize(tree);
        Assert.StartsWith("# ", text, StringComparison.Ordinal);
        Assert.Equal(YamlText.Write(tree), YamlText.Write(YamlText.Parse(text, LastGood.Path)));
        Assert.Equal("/var/lib/rancher/conf/last-good.yml", LastGood.Path);
    }
}
