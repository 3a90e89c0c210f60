using Docker.DotNet.Models;
using ContainerSpec = InitOS.Core.Services.ContainerSpec;
using RestartPolicy = Docker.DotNet.Models.RestartPolicy;

namespace InitOS.Platform.Docker;

/// <summary>Maps a Core <see cref="ContainerSpec"/> onto Docker.DotNet's create parameters.</summary>
internal static class DockerSpecMapper
{
    internal static CreateContainerParameters ToCreateParameters(ContainerSpec spec)
    {
        var host = new HostConfig
        {
            Binds = spec.Binds.ToList(),
            VolumesFrom = spec.VolumesFrom.ToList(),
            Devices = spec.Devices.Select(ToDevice).ToList(),
            CapAdd = spec.CapAdd.ToList(),
            CapDrop = spec.CapDrop.ToList(),
            SecurityOpt = spec.SecurityOpt.ToList(),
            DNS = spec.Dns.ToList(),
            ExtraHosts = spec.ExtraHosts.ToList(),
            NetworkMode = spec.NetworkMode ?? "",
            PidMode = spec.PidMode ?? "",
            IpcMode = spec.IpcMode ?? "",
            UTSMode = spec.UtsMode ?? "",
            Privileged = spec.Privileged,
            ReadonlyRootfs = spec.ReadOnlyRootfs,
            RestartPolicy = new RestartPolicy
            {
                Name = spec.Restart.Name switch
                {
                    "always" => RestartPolicyKind.Always,
                    "unless-stopped" => RestartPolicyKind.UnlessStopped,
                    "on-failure" => RestartPolicyKind.OnFailure,
                    _ => RestartPolicyKind.No,
                },
                MaximumRetryCount = spec.Restart.MaxRetries,
            },
            Memory = spec.MemoryLimit,
            CPUShares = spec.CpuShares,
            Annotations = spec.Annotations.Count > 0 ? new Dictionary<string, string>(spec.Annotations) : null,
        };
        if (spec.LogDriver != null)
        {
            host.LogConfig = new LogConfig { Type = spec.LogDriver, Config = new Dictionary<string, string>(spec.LogOpts) };
        }
        return new CreateContainerParameters
        {
            Name = spec.Name,
            Image = spec.Image,
            Cmd = spec.Command?.ToList()!,
            Entrypoint = spec.Entrypoint?.ToList()!,
            Env = spec.Environment.ToList(),
            Labels = new Dictionary<string, string>(spec.Labels),
            Volumes = spec.Volumes.ToDictionary(v => v, _ => default(EmptyStruct)),
            Tty = spec.Tty,
            OpenStdin = spec.OpenStdin,
            User = spec.User ?? "",
            WorkingDir = spec.WorkingDir ?? "",
            Hostname = spec.Hostname ?? "",
            HostConfig = host,
        };
    }

    private static DeviceMapping ToDevice(string text)
    {
        var parts = text.Split(':');
        return new DeviceMapping
        {
            PathOnHost = parts[0],
            PathInContainer = parts.Length > 1 ? parts[1] : parts[0],
            CgroupPermissions = parts.Length > 2 ? parts[2] : "rwm",
        };
    }
}
