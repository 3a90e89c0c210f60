using InitOS.Core.Config;

namespace InitOS.Core.CloudInit;

public static partial class ExecutePlanner
{
    private static readonly string[] UserKeys = ["name", "gecos", "groups", "sudo", "shell", "ssh_authorized_keys", "lock_passwd", "passwd", "homedir"];

    /// <summary>
    /// Users, then <c>password</c> and <c>chpasswd</c>, then <c>rancher.password</c> (the most specific: RancherOS's
    /// kernel argument), then the lock rule: <c>rancher</c> has no usable password unless one of these gave it one
    /// (a password left from an earlier boot or set with <c>passwd</c> is locked again), and no account keeps an
    /// empty password field. Login with a key, or autologin on a console the operator asked for, still works.
    /// </summary>
    private static void Accounts(Builder plan)
    {
        Users(plan);
        Passwords(plan);
        RancherPassword(plan);
        LockAccountsWithoutPassword(plan);
        var accounts = plan.Accounts;
        if (accounts.PasswdChanged)
        {
            plan.Steps.Insert(FirstAccountStep(plan), new ExecuteStep.WriteFile("/etc/passwd", Utf8(accounts.PasswdText), Mode0644, 0, 0));
        }
        if (accounts.GroupChanged)
        {
            plan.Steps.Insert(FirstAccountStep(plan), new ExecuteStep.WriteFile("/etc/group", Utf8(accounts.GroupText), Mode0644, 0, 0));
        }
        if (accounts.ShadowChanged)
        {
            var shadowGid = accounts.ResolveGroup("shadow") ?? 0;
            plan.Steps.Insert(FirstAccountStep(plan), new ExecuteStep.WriteFile("/etc/shadow", Utf8(accounts.ShadowText), (UnixFileMode)0b110_100_000, 0, shadowGid));
        }
    }

    /// <summary>Account files go before the home directories and keys that need their ids.</summary>
    private static int FirstAccountStep(Builder plan)
    {
        var index = plan.Steps.FindIndex(s => s is ExecuteStep.MakeDirectory || (s is ExecuteStep.WriteFile w && w.Path.EndsWith("/authorized_keys", StringComparison.Ordinal))
            || (s is ExecuteStep.WriteFile sudo && sudo.Path.StartsWith("/etc/sudoers.d/", StringComparison.Ordinal)));
        return index < 0 ? plan.Steps.Count : index;
    }

    private static void Users(Builder plan)
    {
        if (plan.Tree.GetValueOrDefault("users") is not { } value)
        {
            return;
        }
        if (value is not List<object?> users)
        {
            plan.Problems.Add("'users' must be a list");
            return;
        }
        for (var i = 0; i < users.Count; i++)
        {
            var entry = users[i] switch
            {
                string userName => new Dictionary<string, object?> { ["name"] = userName },
                Dictionary<string, object?> map => map,
                _ => null,
            };
            var name = entry is null ? null : Text(entry, "name");
            if (entry is null || string.IsNullOrEmpty(name))
            {
                plan.Problems.Add($"users[{i}] has no name, skipped");
                continue;
            }
            if (name == "default")
            {
                continue;
            }
            if (name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')) || name.StartsWith('-'))
            {
                plan.Problems.Add($"users[{i}]: '{name}' is not a valid user name, skipped");
                continue;
            }
            foreach (var key in entry.Keys.Where(k => !UserKeys.Contains(k)).Order(StringComparer.Ordinal))
            {
                plan.Unapplied.Add($"'users[{i}].{key}' (not implemented by InitOS)");
            }
            User(plan, name, entry);
        }
    }

    private static void User(Builder plan, string name, Dictionary<string, object?> entry)
    {
        var accounts = plan.Accounts;
        var shell = Text(entry, "shell");
        if (accounts.User(name) is null)
        {
            accounts.AddUser(name, Text(entry, "homedir") ?? $"/home/{name}", shell ?? "/bin/sh", Text(entry, "gecos") ?? "");
        }
        else if (shell is not null)
        {
            accounts.SetShell(name, shell);
        }
        foreach (var group in StringList(entry.GetValueOrDefault("groups")))
        {
            accounts.AddMember(group, name);
        }
        var locked = entry.GetValueOrDefault("lock_passwd") is not false;
        if (Text(entry, "passwd") is { Length: > 0 } hash)
        {
            if (accounts.PasswordField(name)?.TrimStart('!') != hash)
            {
                accounts.SetPassword(name, hash, expire: false, plan.Inputs.Today);
            }
            if (!locked)
            {
                plan.PasswordsSet.Add(name);
            }
        }
        // cloud-init locks password login of listed users unless lock_passwd: false.
        accounts.LockPassword(name, locked);
        var (uid, gid, home) = accounts.User(name)!.Value;
        plan.Steps.Add(new ExecuteStep.MakeDirectory(home, Mode0700, uid, gid));
        var sudo = entry.GetValueOrDefault("sudo");
        var rules = sudo switch
        {
            string rule when rule.Length > 0 && rule != "false" => [rule],
            List<object?> list => StringList(list),
            _ => [],
        };
        if (rules.Count > 0)
        {
            var text = string.Concat(rules.Select(r => $"{name} {r}\n"));
            plan.Steps.Add(new ExecuteStep.WriteFile($"/etc/sudoers.d/90-cloud-init-{name}", Utf8(text), (UnixFileMode)0b100_100_000, 0, 0));
        }
        KeysFor(plan, name, StringList(entry.GetValueOrDefault("ssh_authorized_keys")));
    }

    private static void Passwords(Builder plan)
    {
        var chpasswd = plan.Tree.GetValueOrDefault("chpasswd") as Dictionary<string, object?>;
        // cloud-init expires the passwords it sets unless chpasswd.expire is false.
        var expire = chpasswd?.GetValueOrDefault("expire") is not (false or "false" or "False");
        if (Text(plan.Tree, "password") is { Length: > 0 } password)
        {
            SetPassword(plan, DefaultUser, password, isHash: false, expire);
        }
        if (chpasswd is null)
        {
            return;
        }
        var pairs = new List<(string User, string Password, bool IsHash)>();
        foreach (var line in chpasswd.GetValueOrDefault("list") switch
                 {
                     string s => s.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                     List<object?> l => StringList(l),
                     _ => [],
                 })
        {
            var colon = line.IndexOf(':');
            if (colon > 0)
            {
                var secret = line[(colon + 1)..];
                pairs.Add((line[..colon], secret, secret.StartsWith("$6$", StringComparison.Ordinal) || secret.StartsWith("$5$", StringComparison.Ordinal) || secret.StartsWith("$y$", StringComparison.Ordinal)));
            }
        }
        foreach (var user in chpasswd.GetValueOrDefault("users") as List<object?> ?? [])
        {
            if (user is Dictionary<string, object?> u && Text(u, "name") is { } name && Text(u, "password") is { } secret)
            {
                pairs.Add((name, secret, Text(u, "type") == "hash"));
            }
        }
        foreach (var (user, secret, isHash) in pairs)
        {
            if (secret is "R" or "RANDOM" || Text(chpasswd, "type") == "RANDOM")
            {
                plan.Unapplied.Add($"'chpasswd' random password for '{user}' (InitOS does not generate passwords)");
                continue;
            }
            SetPassword(plan, user, secret, isHash, expire);
        }
        foreach (var key in chpasswd.Keys.Where(k => k is not ("expire" or "list" or "users")).Order(StringComparer.Ordinal))
        {
            plan.Unapplied.Add($"'chpasswd.{key}' (not implemented by InitOS)");
        }
    }

    /// <summary>
    /// <c>rancher.password</c>, plain or a crypt hash (<c>$6$…</c>), from any layer (RancherOS read only the kernel
    /// command line); ignored when <c>rancher.disable</c> lists <c>password</c>. It never expires, as RancherOS
    /// cleared the aging fields.
    /// </summary>
    private static void RancherPassword(Builder plan)
    {
        if (!ConfigTree.TryGet(plan.Tree, ["rancher", "password"], out var value) || value is null or List<object?> or Dictionary<string, object?>)
        {
            return;
        }
        var secret = ConfigValue.FormatScalar(value);
        if (secret.Length == 0)
        {
            return;
        }
        if (ConfigTree.TryGet(plan.Tree, ["rancher", "disable"], out var disable) && StringList(disable).Contains("password"))
        {
            plan.Unapplied.Add("'rancher.password' (rancher.disable lists 'password')");
            return;
        }
        SetPassword(plan, DefaultUser, secret, IsCryptHash(secret), expire: false);
    }

    /// <summary>True for a crypt(3) hash in modular form (<c>$id$salt$hash</c>, <c>$id$rounds=N$salt$hash</c>).</summary>
    public static bool IsCryptHash(string secret) =>
        secret.StartsWith('$') && secret.Count(c => c == '$') >= 3 && !secret.Any(char.IsWhiteSpace);

    /// <summary>Locks <c>rancher</c> unless the config gave it a password, and every account with an empty password field.</summary>
    private static void LockAccountsWithoutPassword(Builder plan)
    {
        var accounts = plan.Accounts;
        if (accounts.User(DefaultUser) is not null && !plan.PasswordsSet.Contains(DefaultUser))
        {
            accounts.LockPassword(DefaultUser, locked: true);
        }
        foreach (var user in accounts.UsersWithEmptyPassword().Where(u => !plan.PasswordsSet.Contains(u)))
        {
            accounts.LockPassword(user, locked: true);
        }
    }

    /// <summary>
    /// Sets a password; a plain one whose hash under the current salt is already in place is left alone, so a
    /// kept console's shadow does not change every boot.
    /// </summary>
    private static void SetPassword(Builder plan, string user, string secret, bool isHash, bool expire)
    {
        if (plan.Accounts.User(user) is null)
        {
            plan.Problems.Add($"Password for unknown user '{user}' not set");
            return;
        }
        plan.PasswordsSet.Add(user);
        var current = plan.Accounts.PasswordField(user) ?? "";
        if (isHash ? current == secret : current.StartsWith("$6$", StringComparison.Ordinal) && SameSha512(current, secret))
        {
            return;
        }
        var hash = isHash ? secret : Sha512Crypt.Hash(secret, plan.Inputs.NewSalt());
        plan.Accounts.SetPassword(user, hash, expire, plan.Inputs.Today);
    }

    private static bool SameSha512(string current, string secret)
    {
        var parts = current.Split('$');
        return parts.Length == 4 && Sha512Crypt.IsValidSalt(parts[2]) && Sha512Crypt.Hash(secret, parts[2]) == current;
    }

    private static void AuthorizedKeys(Builder plan)
    {
        var keys = StringList(plan.Tree.GetValueOrDefault("ssh_authorized_keys"));
        if (keys.Count == 0)
        {
            return;
        }
        KeysFor(plan, DefaultUser, keys);
        if (plan.Accounts.User("docker") is not null)
        {
            KeysFor(plan, "docker", keys);
        }
    }

    /// <summary>
    /// Appends <paramref name="keys"/> to the user's <c>~/.ssh/authorized_keys</c>, skipping keys already present,
    /// as a 0600 file in a 0700 <c>.ssh</c>, both owned by the user.
    /// </summary>
    private static void KeysFor(Builder plan, string user, IReadOnlyList<string> keys)
    {
        if (keys.Count == 0)
        {
            return;
        }
        if (plan.User(user) is not var (uid, gid, home))
        {
            plan.Problems.Add($"No user '{user}' for its SSH keys");
            return;
        }
        var path = $"{home.TrimEnd('/')}/.ssh/authorized_keys";
        var existing = plan.Inputs.ReadText(path) ?? "";
        var lines = existing.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        var present = lines.Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        var added = false;
        foreach (var key in keys.Select(k => k.Trim()).Where(k => k.Length > 0))
        {
            if (present.Add(key))
            {
                lines.Add(key);
                added = true;
            }
        }
        plan.Steps.Add(new ExecuteStep.MakeDirectory($"{home.TrimEnd('/')}/.ssh", Mode0700, uid, gid));
        if (added || existing.Length == 0)
        {
            plan.Steps.Add(new ExecuteStep.WriteFile(path, Utf8(string.Concat(lines.Select(l => l + "\n"))), Mode0600, uid, gid));
        }
    }
}
