using InitOS.Core.Config;

namespace InitOS.Core.CloudInit;

public static partial class ExecutePlanner
{
    private static readonly string[] WriteFileKeys = ["path", "content", "encoding", "permissions", "owner", "append", "container", "defer"];

    private static void WriteFiles(Builder plan)
    {
        if (plan.Tree.GetValueOrDefault("write_files") is not List<object?> files)
        {
            return;
        }
        for (var i = 0; i < files.Count; i++)
        {
            if (files[i] is not Dictionary<string, object?> entry || Text(entry, "path") is not { Length: > 0 } path)
            {
                plan.Problems.Add($"write_files[{i}] has no path, skipped");
                continue;
            }
            if (!path.StartsWith('/') || path.Split('/').Contains(".."))
            {
                plan.Problems.Add($"write_files[{i}]: '{path}' is not an absolute path, skipped");
                continue;
            }
            foreach (var key in entry.Keys.Where(k => !WriteFileKeys.Contains(k)).Order(StringComparer.Ordinal))
            {
                plan.Unapplied.Add($"'write_files[{i}].{key}' (not implemented by InitOS)");
            }
            var container = Text(entry, "container");
            if (!string.IsNullOrEmpty(container) && container != "console")
            {
                // RancherOS had the container's entrypoint write these; InitOS has no such entrypoint yet.
                plan.Unapplied.Add($"'write_files[{i}]' for container '{container}' ('{path}'; InitOS writes files into the console only)");
                continue;
            }
            var content = WriteFileContent.Decode(Text(entry, "content") ?? "", Text(entry, "encoding"), out var problem);
            if (content is null)
            {
                plan.Problems.Add($"write_files[{i}] '{path}': {problem}, skipped");
                continue;
            }
            if (WriteFileContent.ParseMode(entry.GetValueOrDefault("permissions")) is not { } mode)
            {
                plan.Problems.Add($"write_files[{i}] '{path}': permissions '{Text(entry, "permissions")}' is not an octal mode, skipped");
                continue;
            }
            var (uid, gid) = Owner(plan, Text(entry, "owner"), i, path);
            if (entry.GetValueOrDefault("append") is true or "true")
            {
                var existing = plan.Inputs.ReadText(path);
                if (existing is not null)
                {
                    content = [.. Utf8(existing), .. content];
                }
            }
            plan.Steps.Add(new ExecuteStep.WriteFile(path, content, mode, uid, gid));
        }
    }

    private static (int Uid, int Gid) Owner(Builder plan, string? owner, int index, string path)
    {
        if (string.IsNullOrWhiteSpace(owner))
        {
            return (0, 0);
        }
        var parts = owner.Split(':', 2);
        var uid = plan.Accounts.ResolveUser(parts[0]);
        int? gid = parts.Length > 1 ? plan.Accounts.ResolveGroup(parts[1]) : plan.Accounts.User(parts[0])?.Gid ?? uid;
        if (uid is null || gid is null)
        {
            plan.Problems.Add($"write_files[{index}] '{path}': owner '{owner}' is unknown, written as root");
            return (0, 0);
        }
        return (uid.Value, gid.Value);
    }

    private static void Mounts(Builder plan)
    {
        if (plan.Tree.GetValueOrDefault("mounts") is not List<object?> mounts)
        {
            return;
        }
        for (var i = 0; i < mounts.Count; i++)
        {
            var fields = StringList(mounts[i] as List<object?>);
            if (fields.Count < 2 || fields[0] is "" or "none" || fields[1].Length == 0)
            {
                plan.Problems.Add($"mounts[{i}] needs at least a device and a mount point, skipped");
                continue;
            }
            var (device, target) = (fields[0], fields[1]);
            var type = fields.Count > 2 ? fields[2] : "auto";
            var options = fields.Count > 3 && fields[3].Length > 0 ? fields[3] : "defaults";
            if (type == "swap" || target is "none" or "swap")
            {
                plan.Steps.Add(new ExecuteStep.Run($"mounts[{i}]", ["swapon", device]));
                continue;
            }
            if (!target.StartsWith('/'))
            {
                plan.Problems.Add($"mounts[{i}]: mount point '{target}' is not absolute, skipped");
                continue;
            }
            plan.Steps.Add(new ExecuteStep.MakeDirectory(target, (UnixFileMode)0b111_101_101, 0, 0));
            var argv = new List<string> { "mount" };
            if (type is not ("" or "auto"))
            {
                argv.AddRange(["-t", type]);
            }
            argv.AddRange(["-o", options, device, target]);
            plan.Steps.Add(new ExecuteStep.Run($"mounts[{i}]", argv));
        }
    }
}
