using InitOS.Core.Control;

namespace InitOS.Ros.Tests.Service;

/// <summary>The services the <c>ros</c> tests' <see cref="FakeInitControl"/> serves: one running, one absent whose
/// image is on docker.io (its pull fails), one exited.</summary>
internal static class InitServices
{
    public static ServiceState[] Sample =>
    [
        new("console", "system", "running", "initos/os-console:1", "up 5 min", true),
        new("cron", "system", "absent", "docker.io/initos/cron:1", "", true),
        new("ntp", "system", "exited", "initos/os-base:1", "exit 0", true),
    ];
}
