using InitOS.Boot.Logging;
using InitOS.Boot.Services;
using InitOS.Core.Config;
using InitOS.Core.Ports;
using InitOS.Core.Services;

namespace InitOS.Boot.Tests;

public class ServiceHealthTests
{
    private static readonly IReadOnlyList<ServiceDefinition> Services = Parse("""
        services:
          syslog:
            image: initos/os-base:v1
            command: [initos, syslog-init]
            restart: always
            labels: {io.rancher.os.scope: system}
          ntp:
            image: initos/os-base:v1
            restart: always
            labels: {io.rancher.os.scope: system}
          udev-cold:
            image: initos/os-base:v1
            labels: {io.rancher.os.scope: system, io.rancher.os.detach: "false"}
          system-volumes:
            image: initos/os-base:v1
            labels: {io.rancher.os.scope: system, io.rancher.os.createonly: "true"}
        """);

    private static IReadOnlyList<ServiceDefinition> Parse(string yaml)
    {
        var (services, errors) = ServiceParser.ParseAll((Dictionary<string, object?>)YamlText.Parse(yaml, "test.yml")["services"]!);
        Assert.Empty(errors);
        return services;
    }

    private static ServiceDefinition Service(string name) => Services.Single(s => s.Name == name);

    private static ContainerInfo Container(string name, string state, long exitCode = 0, long restarts = 0) =>
        new("id-" + name, name, "initos/os-base:v1", state, exitCode, new Dictionary<string, string>()) { RestartCount = restarts };

    [Fact]
    public void A_running_service_that_never_restarted_is_healthy()
    {
        Assert.Null(ServiceHealth.Failure(Service("syslog"), Container("syslog", "running")));
    }

    [Fact]
    public void A_crash_loop_is_a_failure_even_while_the_container_is_running_between_restarts()
    {
        Assert.Equal("restarted 5 times, last exit status 127 (command not found); last output: sh: klogd: not found",
            ServiceHealth.Failure(Service("syslog"), Container("syslog", "running", 127, 5), "starting\nsh: klogd: not found\n\n"));
        Assert.Equal("restarted 1 time, last exit status 137 (killed by SIGKILL)",
            ServiceHealth.Failure(Service("syslog"), Container("syslog", "restarting", 137, 1)));
    }

    [Fact]
    public void An_exited_or_missing_container_is_a_failure_with_the_engine_error()
    {
        var container = Container("ntp", "exited", 126) with { Error = "exec: \"chronyd\": permission denied" };
        Assert.Equal("exited with status 126 (command cannot be executed); engine: exec: \"chronyd\": permission denied",
            ServiceHealth.Failure(Service("ntp"), container));
        Assert.Equal("its container does not exist", ServiceHealth.Failure(Service("ntp"), null));
        Assert.Equal("exited with status 137 (killed: out of memory)",
            ServiceHealth.Failure(Service("ntp"), new ContainerInfo("i", "ntp", "x", "exited", 137, new Dictionary<string, string>()) { OomKilled = true }));
    }

    [Fact]
    public void One_shots_and_volume_containers_are_not_judged_by_their_state()
    {
        Assert.Null(ServiceHealth.Failure(Service("udev-cold"), Container("udev-cold", "exited", 0)));
        Assert.Null(ServiceHealth.Failure(Service("system-volumes"), Container("system-volumes", "created")));
    }

    [Theory]
    [InlineData(0, "exited normally")]
    [InlineData(1, "failed")]
    [InlineData(126, "command cannot be executed")]
    [InlineData(127, "command not found")]
    [InlineData(143, "stopped by SIGTERM")]
    [InlineData(139, "killed by signal 11")]
    public void Exit_statuses_have_their_usual_meaning(long status, string reason)
    {
        Assert.Equal(reason, ServiceHealth.ExitReason(status));
    }

    [Fact]
    public async Task The_watch_reports_a_failing_service_once_and_its_recovery_once()
    {
        var engine = new FakeContainerEngine();
        var ring = new RingLog();
        var watch = new ServiceWatch(engine, _ => Task.FromResult<IContainerEngine>(engine), new BootLogger(() => 0, ring), new FakeClock());
        var watched = Services.Where(s => s.Detach && !s.CreateOnly).ToList();
        engine.Containers["syslog"] = Container("syslog", "restarting", 127, 3);
        engine.Containers["ntp"] = Container("ntp", "running");
        engine.Output = "sh: klogd: not found\n";

        var first = await watch.CheckAsync(watched, CancellationToken.None);
        var second = await watch.CheckAsync(watched, CancellationToken.None);
        engine.Containers["syslog"] = Container("syslog", "running"); // recreated: a new container, no restarts
        var third = await watch.CheckAsync(watched, CancellationToken.None);

        Assert.Equal(["syslog"], first.Keys);
        Assert.Equal(["syslog"], second.Keys);
        Assert.Empty(third);
        var messages = ring.Snapshot().Select(r => r.Text).ToList();
        Assert.Equal(1, messages.Count(m => m.StartsWith("Service 'syslog' is failing: restarted 3 times, last exit status 127 (command not found); last output: sh: klogd: not found", StringComparison.Ordinal)));
        Assert.Equal(1, messages.Count(m => m == "Service 'syslog' is up again"));
        Assert.DoesNotContain(messages, m => m.Contains("'ntp'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_check_that_cannot_reach_the_engine_is_logged_and_the_others_are_still_checked()
    {
        var engine = new FakeContainerEngine { FailFor = "syslog" };
        var ring = new RingLog();
        var watch = new ServiceWatch(engine, _ => Task.FromResult<IContainerEngine>(engine), new BootLogger(() => 0, ring), new FakeClock());
        engine.Containers["ntp"] = Container("ntp", "exited", 1);

        var failures = await watch.CheckAsync(Services, CancellationToken.None);

        Assert.Equal(["ntp"], failures.Keys);
        Assert.Contains(ring.Snapshot(), r => r.Text == "Cannot check service 'syslog': engine gone, continuing");
    }
}
