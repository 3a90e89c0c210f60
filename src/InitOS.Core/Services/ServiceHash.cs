using System.Security.Cryptography;
using System.Text;

namespace InitOS.Core.Services;

/// <summary>
/// The definition hash stored in <see cref="ServiceLabels.ConfigHash"/>: SHA-256 over a canonical
/// text of the container spec (every field, maps sorted), so any change to the definition changes it
/// and reordering keys in YAML does not.
/// </summary>
public static class ServiceHash
{
    /// <summary>The lower-case hex hash of <paramref name="spec"/> (its hash label, if present, is ignored).</summary>
    public static string Compute(ContainerSpec spec)
    {
        var b = new StringBuilder();
        void Field(string name, string? value) => b.Append(name).Append('=').Append(value ?? "\u2205").Append('\n');
        void ListField(string name, IEnumerable<string>? values) => Field(name, values == null ? null : string.Join('\u001f', values));
        Field("name", spec.Name);
        Field("image", spec.Image);
        ListField("command", spec.Command);
        ListField("entrypoint", spec.Entrypoint);
        ListField("environment", spec.Environment);
        ListField("labels", spec.Labels.Where(p => p.Key != ServiceLabels.ConfigHash).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));
        ListField("binds", spec.Binds);
        ListField("volumes", spec.Volumes);
        ListField("volumes_from", spec.VolumesFrom);
        ListField("devices", spec.Devices);
        ListField("cap_add", spec.CapAdd);
        ListField("cap_drop", spec.CapDrop);
        ListField("security_opt", spec.SecurityOpt);
        ListField("dns", spec.Dns);
        ListField("extra_hosts", spec.ExtraHosts);
        Field("net", spec.NetworkMode);
        Field("pid", spec.PidMode);
        Field("ipc", spec.IpcMode);
        Field("uts", spec.UtsMode);
        Field("privileged", spec.Privileged ? "1" : "0");
        Field("read_only", spec.ReadOnlyRootfs ? "1" : "0");
        Field("tty", spec.Tty ? "1" : "0");
        Field("stdin_open", spec.OpenStdin ? "1" : "0");
        Field("user", spec.User);
        Field("working_dir", spec.WorkingDir);
        Field("hostname", spec.Hostname);
        Field("restart", spec.Restart.ToString());
        Field("log_driver", spec.LogDriver);
        ListField("log_opt", spec.LogOpts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));
        Field("mem_limit", spec.MemoryLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (spec.CpuShares != 0)
        {
            // only when set: the hash of every service without it stays what it was
            Field("cpu_shares", spec.CpuShares.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (spec.Annotations.Count > 0)
        {
            ListField("annotations", spec.Annotations.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(b.ToString())));
    }

    /// <summary>The spec with its hash label set, as it is created.</summary>
    public static ContainerSpec WithHash(ContainerSpec spec)
    {
        var labels = new Dictionary<string, string>(spec.Labels, StringComparer.Ordinal)
        {
            [ServiceLabels.ConfigHash] = Compute(spec),
        };
        return spec with { Labels = labels };
    }
}
