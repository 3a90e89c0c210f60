using InitOS.Core.Boot;
using InitOS.Core.Control;

namespace InitOS.Ros.Tests.Service;

public class ServiceCommandTests
{
    private static RosHarness WithCatalogue(FakeInitControl? init = null)
    {
        var ros = new RosHarness { Control = init }
            .With("/usr/share/ros/services/cron.yml", "cron:\n  image: ${REGISTRY_DOMAIN}/initos/cron:${VERSION}\n")
            .With("/usr/share/ros/services/logrotate.yml", "logrotate:\n  image: initos/logrotate:1\n")
            .With("/usr/share/ros/services/qemu-guest-agent.yml", "qemu-guest-agent:\n  image: initos/qemu-guest-agent:1\n")
            .With("/usr/share/ros/os-config.yml", "rancher:\n  services:\n    console:\n      image: c\n    ntp:\n      image: n\n");
        return ros;
    }

    [Fact]
    public void List_prints_the_catalogue_enabled_or_disabled_then_includes_outside_it()
    {
        using var ros = WithCatalogue().With("/var/lib/rancher/conf/cloud-config.yml",
            "rancher:\n  services_include:\n    logrotate: true\n    cron: false\n    /var/lib/rancher/conf/mine.yml: true\n");
        var (code, output, error) = ros.Run("service", "list");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Equal("disabled cron\nenabled  logrotate\ndisabled qemu-guest-agent\nenabled  /var/lib/rancher/conf/mine.yml\n", output);
    }

    [Fact]
    public void List_all_starts_with_the_services_of_the_configuration()
    {
        using var ros = WithCatalogue();
        var (code, output, _) = ros.Run("s", "list", "-a");
        Assert.Equal(0, code);
        Assert.StartsWith("enabled  console\nenabled  ntp\ndisabled cron\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Enable_includes_the_service_and_stages_its_image_through_the_init()
    {
        var init = new FakeInitControl(InitServices.Sample);
        using var ros = WithCatalogue(init);
        var (code, output, error) = ros.Run("service", "enable", "cron");
        Assert.Equal(0, code);
        Assert.Equal("enabled  cron\n", output);
        Assert.Contains("cron: true", ros.Read("/var/lib/rancher/conf/cloud-config.yml"), StringComparison.Ordinal);
        Assert.Equal([("cron", ServiceJob.Pull)], init.Jobs);
        // the fake registry refuses: enabling still succeeds, the pull is left for the start
        Assert.Contains("ros: note: cron: registry docker.io: connection refused", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Enable_works_without_a_running_init()
    {
        using var ros = WithCatalogue(new FakeInitControl(InitServices.Sample) { Unreachable = "no such file" });
        var (code, _, error) = ros.Run("service", "enable", "logrotate");
        Assert.Equal(0, code);
        Assert.Contains("logrotate: true", ros.Read("/var/lib/rancher/conf/cloud-config.yml"), StringComparison.Ordinal);
        Assert.Contains("it is pulled when it starts", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nosuch", "no service 'nosuch' in the catalogue; known: cron, logrotate, qemu-guest-agent")]
    [InlineData("/etc/passwd", "neither a catalogue service nor a .yml file under /var/lib/rancher/conf")]
    [InlineData("/var/lib/rancher/conf/absent.yml", "/var/lib/rancher/conf/absent.yml: no such file")]
    public void Enable_refuses_what_it_cannot_find_and_changes_nothing(string name, string message)
    {
        using var ros = WithCatalogue(new FakeInitControl(InitServices.Sample));
        var (code, _, error) = ros.Run("service", "enable", "cron", name);
        Assert.Equal(1, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(ros.Exists("/var/lib/rancher/conf/cloud-config.yml"));
    }

    [Fact]
    public void Enable_checks_a_local_service_file()
    {
        using var ros = WithCatalogue(new FakeInitControl(InitServices.Sample))
            .With("/var/lib/rancher/conf/bad.yml", "bad:\n  command: true\n")
            .With("/var/lib/rancher/conf/good.yml", "good:\n  image: local/good\n");
        var (code, _, error) = ros.Run("service", "enable", "/var/lib/rancher/conf/bad.yml");
        Assert.Equal(1, code);
        Assert.Contains("/var/lib/rancher/conf/bad.yml", error, StringComparison.Ordinal);
        Assert.Equal(0, ros.Run("service", "enable", "/var/lib/rancher/conf/good.yml").Code);
        Assert.Contains("/var/lib/rancher/conf/good.yml: true", ros.Read("/var/lib/rancher/conf/cloud-config.yml"), StringComparison.Ordinal);
    }

    [Fact]
    public void Disable_and_delete_change_only_included_services()
    {
        using var ros = WithCatalogue().With("/var/lib/rancher/conf/cloud-config.yml", "rancher:\n  services_include:\n    cron: true\n");
        var (code, _, error) = ros.Run("service", "disable", "logrotate");
        Assert.Equal(1, code);
        Assert.Contains("not in rancher.services_include: logrotate", error, StringComparison.Ordinal);
        Assert.Equal((0, "disabled cron\n", ""), ros.Run("service", "disable", "cron"));
        Assert.Contains("cron: false", ros.Read("/var/lib/rancher/conf/cloud-config.yml"), StringComparison.Ordinal);
        Assert.Equal(0, ros.Run("service", "delete", "cron").Code);
        Assert.DoesNotContain("cron", ros.Read("/var/lib/rancher/conf/cloud-config.yml"), StringComparison.Ordinal);
        Assert.Equal(1, ros.Run("service", "delete", "cron").Code);
    }

    [Fact]
    public void Jobs_go_to_the_init_one_line_per_service()
    {
        var init = new FakeInitControl(InitServices.Sample);
        using var ros = WithCatalogue(init);
        Assert.Equal((0, "cron: running\nntp: running\n", ""), ros.Run("service", "up", "cron", "ntp"));
        Assert.Equal((0, "cron: exited\n", ""), ros.Run("service", "stop", "cron"));
        Assert.Equal((0, "cron: absent\n", ""), ros.Run("service", "rm", "cron"));
        Assert.Equal([("cron", ServiceJob.Up), ("ntp", ServiceJob.Up), ("cron", ServiceJob.Stop), ("cron", ServiceJob.Remove)], init.Jobs);
    }

    [Fact]
    public void A_failed_or_unknown_service_is_an_error_and_the_others_still_run()
    {
        var init = new FakeInitControl(InitServices.Sample);
        using var ros = WithCatalogue(init);
        var (code, output, error) = ros.Run("service", "pull", "nosuch", "cron", "console");
        Assert.Equal(1, code);
        Assert.Contains("ros: nosuch: No service 'nosuch' (known: console, cron, ntp)", error, StringComparison.Ordinal);
        Assert.Contains("ros: cron: failed: registry docker.io: connection refused", error, StringComparison.Ordinal);
        Assert.Equal("console: pulled initos/os-console:1\n", output);
    }

    [Fact]
    public void An_unreachable_init_is_said_once_and_clearly()
    {
        using var ros = WithCatalogue(new FakeInitControl(InitServices.Sample) { Unreachable = "connection refused" });
        var (code, output, error) = ros.Run("service", "start", "cron", "ntp");
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal("ros: cannot reach the init at /run/initos/control.sock: connection refused\n", error);
    }

    [Fact]
    public void Ps_prints_a_table_and_quiet_prints_names()
    {
        using var ros = WithCatalogue(new FakeInitControl(InitServices.Sample));
        var (code, output, _) = ros.Run("service", "ps");
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Matches("^NAME +SCOPE +STATE +IMAGE +DETAIL$", lines[0]);
        Assert.Matches("^console +system +running +initos/os-console:1 +up 5 min$", lines[1]);
        Assert.Equal((0, "ntp\n", ""), ros.Run("service", "ps", "-q", "ntp"));
        Assert.Equal(1, ros.Run("service", "ps", "nosuch").Code);
    }

    [Fact]
    public void Logs_prints_the_last_lines()
    {
        using var ros = WithCatalogue(new FakeInitControl(InitServices.Sample));
        Assert.Equal((0, "ntp line 4\nntp line 5\n", ""), ros.Run("service", "logs", "-n", "2", "ntp"));
        Assert.Equal(1, ros.Run("service", "logs", "-n", "-1", "ntp").Code);
    }

    [Fact]
    public void Without_a_control_api_the_commands_say_so()
    {
        using var ros = WithCatalogue();
        var (code, _, error) = ros.Run("service", "ps");
        Assert.Equal(1, code);
        Assert.Equal("ros: the control API is not available in this build\n", error);
    }

    [Fact]
    public void Boot_analyze_prints_the_chain_with_its_coverage_and_the_blame()
    {
        var init = new FakeInitControl(InitServices.Sample);
        init.Timeline.AddRange(new[]
        {
            "initos-boot mark=init-start at_ms=2000",
            "initos-boot step=start-system-engine start_ms=2000 dur_ms=8000 result=ok",
            "initos-boot step=start-services start_ms=10000 dur_ms=9000 result=ok",
            "initos-boot service=docker start_ms=10000 dur_ms=1000 result=ok",
            "initos-boot mark=user-engine-ready at_ms=16000",
        }.Select(l => StepLine.ParseAny(l)!));
        using var ros = WithCatalogue(init);
        var (code, output, error) = ros.Run("boot", "analyze");
        Assert.Equal("", error);
        Assert.Equal(0, code);
        Assert.Contains("user-engine-ready reached at 16.000 s of uptime; the chain below explains 100.0% of it:", output, StringComparison.Ordinal);
        Assert.Matches(@"0 ms \+2.000 s +kernel", output);
        Assert.Matches(@"11.000 s \+5.000 s +service:docker \(start-up until user-engine-ready\)", output);
        Assert.Matches(@"Blame[^\n]*\n +9.000 s  start-services\n +8.000 s  start-system-engine\n +1.000 s  service:docker\n", output);
        var (failed, _, missing) = ros.Run("boot", "analyze", "--target", "never");
        Assert.Equal(1, failed);
        Assert.Contains("the boot has not reached 'never' (yet); milestones so far: init-start, user-engine-ready", missing, StringComparison.Ordinal);
    }
}
