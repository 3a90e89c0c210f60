using InitOS.Core.Control;
using InitOS.Ros.Tests.Service;

namespace InitOS.Ros.Tests.Choices;

public class ChoiceCommandTests
{
    private static RosHarness Host(FakeInitControl? init) => new RosHarness { Control = init }
        .With("/usr/share/ros/os-release", "VERSION_ID=1\n")
        .With("/usr/share/ros/os-config.yml", "rancher:\n  console: default\n  services:\n    console:\n      image: initos/os-console:${VERSION}\n")
        .With("/usr/share/ros/consoles/debian.yml", "console:\n  image: ${REGISTRY_DOMAIN}/initos/console-debian:${VERSION}\n  labels:\n    io.rancher.os.console: debian\n")
        .With("/usr/share/ros/consoles/broken.yml", "other:\n  image: x\n");

    [Fact]
    public void List_marks_the_running_console_current_and_the_configured_one_enabled()
    {
        var init = new FakeInitControl(InitServices.Sample);
        using var ros = Host(init).With("/var/lib/rancher/conf/cloud-config.yml", "rancher:\n  console: debian\n");
        var (code, output, error) = ros.Run("console", "list");
        Assert.Equal((0, ""), (code, error));
        Assert.Equal("current  default\ndisabled broken\nenabled  debian\n", output);
        // the running one is found by its image, the registry and version filled in
        init.Services["console"] = init.Services["console"] with { Image = "docker.io/initos/console-debian:1" };
        Assert.Contains("current  debian", ros.Run("console", "list").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Switch_stages_the_image_sets_the_choice_and_has_the_init_recreate_the_console()
    {
        var init = new FakeInitControl(InitServices.Sample);
        init.Services["console"] = init.Services["console"] with { Image = "initos/os-console:1" };
        using var ros = Host(init);
        var (code, output, error) = ros.Run("console", "switch", "-f", "debian");
        Assert.Equal("", error);
        Assert.Equal(0, code);
        Assert.Contains("The console is now debian", output, StringComparison.Ordinal);
        Assert.Contains("console: debian", ros.Read("/var/lib/rancher/conf/cloud-config.yml"), StringComparison.Ordinal);
        Assert.Equal([("console", ServiceJob.Pull), ("console", ServiceJob.Up)], init.Jobs);
    }

    [Fact]
    public void A_console_that_does_not_come_up_is_switched_back()
    {
        var init = new FakeInitControl(InitServices.Sample) { FailUpOnce = "console" };
        using var ros = Host(init);
        var (code, _, error) = ros.Run("console", "switch", "-f", "debian");
        Assert.Equal(1, code);
        Assert.Contains("the console debian did not come up: not up: Failed; rancher.console is default again and it runs", error, StringComparison.Ordinal);
        Assert.Contains("console: default", ros.Read("/var/lib/rancher/conf/cloud-config.yml"), StringComparison.Ordinal);
        Assert.Equal([("console", ServiceJob.Pull), ("console", ServiceJob.Up), ("console", ServiceJob.Up)], init.Jobs);
    }

    [Fact]
    public void Switch_asks_first_and_a_no_changes_nothing()
    {
        var init = new FakeInitControl(InitServices.Sample);
        using var ros = Host(init);
        var (code, output, error) = ros.RunWithInput("n\n", "console", "switch", "debian");
        Assert.Equal(1, code);
        Assert.Contains("Switching consoles will", output, StringComparison.Ordinal);
        Assert.Contains("nothing was switched", error, StringComparison.Ordinal);
        Assert.Empty(init.Jobs);
        Assert.False(ros.Exists("/var/lib/rancher/conf/cloud-config.yml"));
    }

    [Theory]
    [InlineData("nosuch", "no console 'nosuch'; known: default, broken, debian")]
    [InlineData("broken", "defines no service 'console'")]
    public void Unknown_or_broken_consoles_are_refused(string name, string message)
    {
        var init = new FakeInitControl(InitServices.Sample);
        using var ros = Host(init);
        var (code, _, error) = ros.Run("console", "switch", "-f", name);
        Assert.Equal(1, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Empty(init.Jobs);
    }

    [Fact]
    public void Enable_sets_the_choice_for_the_next_start()
    {
        var init = new FakeInitControl(InitServices.Sample);
        using var ros = Host(init);
        var (code, output, _) = ros.Run("console", "enable", "debian");
        Assert.Equal(0, code);
        Assert.Contains("rancher.console is now debian", output, StringComparison.Ordinal);
        Assert.Equal([("console", ServiceJob.Pull)], init.Jobs);
    }

    [Fact]
    public void Engines_switch_the_docker_service_the_same_way()
    {
        var init = new FakeInitControl(InitServices.Sample);
        init.Services["docker"] = new ServiceState("docker", "system", "running", "initos/os-docker:1", "", true);
        using var ros = Host(init).With("/usr/share/ros/engines/docker-20.10.yml", "docker:\n  image: initos/engine-docker-20.10:${VERSION}\n");
        Assert.Equal(0, ros.Run("engine", "switch", "-f", "docker-20.10").Code);
        Assert.Contains("engine: docker-20.10", ros.Read("/var/lib/rancher/conf/cloud-config.yml"), StringComparison.Ordinal);
        Assert.Equal([("docker", ServiceJob.Pull), ("docker", ServiceJob.Up)], init.Jobs);
        Assert.Contains("no engine 'docker-1.12'; known: default, docker-20.10", ros.Run("engine", "enable", "docker-1.12").Err, StringComparison.Ordinal);
    }
}
