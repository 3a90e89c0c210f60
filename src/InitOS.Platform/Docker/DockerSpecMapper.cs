using System.Text.Json;
using ContainerSpec = InitOS.Core.Services.ContainerSpec;

namespace InitOS.Platform.Docker;

/// <summary>Writes a Core <see cref="ContainerSpec"/> as the body of the Engine API's <c>POST /containers/create</c>.</summary>
internal static class DockerSpecMapper
{
    /// <summary>
    /// The create body. Unset values are left out, so the engine's defaults (and the image's, for a command or an
    /// entrypoint that is null) apply; an empty entrypoint list is written, as it clears the image's.
    /// </summary>
    internal static void WriteCreateBody(Utf8JsonWriter w, ContainerSpec spec)
    {
        w.WriteStartObject();
        w.WriteString("Image", spec.Image);
        Strings(w, "Cmd", spec.Command);
        Strings(w, "Entrypoint", spec.Entrypoint);
        Strings(w, "Env", spec.Environment);
        Map(w, "Labels", spec.Labels);
        if (spec.Volumes.Count > 0)
        {
            w.WriteStartObject("Volumes");
            foreach (var volume in spec.Volumes)
            {
                w.WriteStartObject(volume);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteBoolean("Tty", spec.Tty);
        w.WriteBoolean("OpenStdin", spec.OpenStdin);
        Text(w, "User", spec.User);
        Text(w, "WorkingDir", spec.WorkingDir);
        Text(w, "Hostname", spec.Hostname);

        w.WriteStartObject("HostConfig");
        Strings(w, "Binds", spec.Binds);
        Strings(w, "VolumesFrom", spec.VolumesFrom);
        if (spec.Devices.Count > 0)
        {
            w.WriteStartArray("Devices");
            foreach (var device in spec.Devices)
            {
                var parts = device.Split(':');
                w.WriteStartObject();
                w.WriteString("PathOnHost", parts[0]);
                w.WriteString("PathInContainer", parts.Length > 1 ? parts[1] : parts[0]);
                w.WriteString("CgroupPermissions", parts.Length > 2 ? parts[2] : "rwm");
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        Strings(w, "CapAdd", spec.CapAdd);
        Strings(w, "CapDrop", spec.CapDrop);
        Strings(w, "SecurityOpt", spec.SecurityOpt);
        Strings(w, "Dns", spec.Dns);
        Strings(w, "ExtraHosts", spec.ExtraHosts);
        Text(w, "NetworkMode", spec.NetworkMode);
        Text(w, "PidMode", spec.PidMode);
        Text(w, "IpcMode", spec.IpcMode);
        Text(w, "UTSMode", spec.UtsMode);
        w.WriteBoolean("Privileged", spec.Privileged);
        w.WriteBoolean("ReadonlyRootfs", spec.ReadOnlyRootfs);
        w.WriteStartObject("RestartPolicy");
        w.WriteString("Name", spec.Restart.Name is "always" or "unless-stopped" or "on-failure" ? spec.Restart.Name : "no");
        if (spec.Restart.Name == "on-failure")
        {
            w.WriteNumber("MaximumRetryCount", spec.Restart.MaxRetries);
        }
        w.WriteEndObject();
        if (spec.MemoryLimit > 0)
        {
            w.WriteNumber("Memory", spec.MemoryLimit);
        }
        if (spec.CpuShares > 0)
        {
            w.WriteNumber("CpuShares", spec.CpuShares);
        }
        if (spec.Annotations.Count > 0)
        {
            Map(w, "Annotations", spec.Annotations);
        }
        if (spec.LogDriver != null)
        {
            w.WriteStartObject("LogConfig");
            w.WriteString("Type", spec.LogDriver);
            Map(w, "Config", spec.LogOpts);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter w, string name, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return;
        }
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }
        w.WriteEndArray();
    }

    private static void Map(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string> values)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in values)
        {
            w.WriteString(key, value);
        }
        w.WriteEndObject();
    }

    private static void Text(Utf8JsonWriter w, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            w.WriteString(name, value);
        }
    }
}
