using System.Globalization;

namespace InitOS.Core.CloudInit;

/// <summary>
/// <c>/etc/passwd</c>, <c>/etc/group</c> and <c>/etc/shadow</c> as editable tables (colon-separated fields),
/// so that users, groups and passwords are decided in memory and written back whole.
/// </summary>
public sealed class AccountFiles
{
    /// <summary>First uid/gid handed to a new user or group.</summary>
    public const int FirstId = 1000;

    private readonly List<string[]> _passwd;
    private readonly List<string[]> _group;
    private readonly List<string[]> _shadow;

    /// <summary>Parses the three files (missing ones are empty).</summary>
    public AccountFiles(string? passwd, string? group, string? shadow)
    {
        _passwd = Parse(passwd, 7);
        _group = Parse(group, 4);
        _shadow = Parse(shadow, 9);
    }

    /// <summary>True once anything was changed.</summary>
    public bool PasswdChanged { get; private set; }

    /// <summary>True once a group was added or changed.</summary>
    public bool GroupChanged { get; private set; }

    /// <summary>True once a password entry was added or changed.</summary>
    public bool ShadowChanged { get; private set; }

    /// <summary>The passwd entry of <paramref name="name"/>: uid, gid, home; <c>null</c> when unknown.</summary>
    public (int Uid, int Gid, string Home)? User(string name)
    {
        var entry = _passwd.FirstOrDefault(e => e[0] == name);
        return entry is null ? null : (Id(entry[2]), Id(entry[3]), entry[5]);
    }

    /// <summary>The uid of a user name or number; <c>null</c> when unknown.</summary>
    public int? ResolveUser(string nameOrId) =>
        int.TryParse(nameOrId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : User(nameOrId)?.Uid;

    /// <summary>The gid of a group name or number; <c>null</c> when unknown.</summary>
    public int? ResolveGroup(string nameOrId)
    {
        if (int.TryParse(nameOrId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }
        var entry = _group.FirstOrDefault(e => e[0] == nameOrId);
        return entry is null ? null : Id(entry[2]);
    }

    /// <summary>
    /// Adds a user with its own group (same name; uid = gid when both are free, as useradd does) and a locked
    /// password; returns its uid.
    /// </summary>
    public int AddUser(string name, string home, string shell, string gecos)
    {
        int uid, gid;
        if (ResolveGroup(name) is { } existing)
        {
            (uid, gid) = (FreeId(_passwd), existing);
        }
        else
        {
            uid = FreeId(_passwd, _group);
            gid = uid;
            _group.Add([name, "x", Text(gid), ""]);
            GroupChanged = true;
        }
        _passwd.Add([name, "x", Text(uid), Text(gid), gecos, home, shell]);
        _shadow.Add([name, "!", "", "0", "99999", "7", "", "", ""]);
        PasswdChanged = true;
        ShadowChanged = true;
        return uid;
    }

    /// <summary>Sets a user's login shell.</summary>
    public void SetShell(string name, string shell)
    {
        var entry = _passwd.FirstOrDefault(e => e[0] == name);
        if (entry is not null && entry[6] != shell)
        {
            entry[6] = shell;
            PasswdChanged = true;
        }
    }

    /// <summary>Adds a group with a free gid; returns the gid.</summary>
    public int AddGroup(string name)
    {
        var gid = FreeId(_group);
        _group.Add([name, "x", Text(gid), ""]);
        GroupChanged = true;
        return gid;
    }

    /// <summary>Makes <paramref name="user"/> a member of <paramref name="group"/>, creating the group if needed.</summary>
    public void AddMember(string group, string user)
    {
        if (ResolveGroup(group) is null)
        {
            AddGroup(group);
        }
        var entry = _group.First(e => e[0] == group);
        var members = entry[3].Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (!members.Contains(user))
        {
            members.Add(user);
            entry[3] = string.Join(',', members);
            GroupChanged = true;
        }
    }

    /// <summary>
    /// Sets the password hash (<c>$6$…</c>, or <c>!</c>/<c>*</c> to lock); <paramref name="expire"/> makes the user
    /// change it at next login (last-change day 0), otherwise the last change is <paramref name="today"/>.
    /// </summary>
    public void SetPassword(string user, string hash, bool expire, DateOnly today)
    {
        var entry = ShadowEntry(user);
        entry[1] = hash;
        entry[2] = expire ? "0" : Text(today.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber);
        ShadowChanged = true;
    }

    /// <summary>Locks or unlocks password login by a <c>!</c> prefix on the hash.</summary>
    public void LockPassword(string user, bool locked)
    {
        var entry = ShadowEntry(user);
        var hash = entry[1];
        var updated = locked ? (hash.StartsWith('!') ? hash : "!" + hash) : hash.TrimStart('!');
        if (updated != hash)
        {
            entry[1] = updated;
            ShadowChanged = true;
        }
    }

    /// <summary>Users whose shadow entry has an empty password field (login without any password).</summary>
    public IReadOnlyList<string> UsersWithEmptyPassword() => _shadow.Where(e => e[1].Length == 0).Select(e => e[0]).ToList();

    /// <summary>The current hash field of a user (<c>null</c> without a shadow entry).</summary>
    public string? PasswordField(string user) => _shadow.FirstOrDefault(e => e[0] == user)?[1];

    /// <summary>The passwd file text.</summary>
    public string PasswdText => Write(_passwd);

    /// <summary>The group file text.</summary>
    public string GroupText => Write(_group);

    /// <summary>The shadow file text.</summary>
    public string ShadowText => Write(_shadow);

    private string[] ShadowEntry(string user)
    {
        var entry = _shadow.FirstOrDefault(e => e[0] == user);
        if (entry is null)
        {
            entry = [user, "!", "", "0", "99999", "7", "", "", ""];
            _shadow.Add(entry);
        }
        return entry;
    }

    private static int FreeId(params List<string[]>[] tables)
    {
        var used = tables.SelectMany(t => t).Select(e => Id(e[2])).ToHashSet();
        var id = FirstId;
        while (used.Contains(id))
        {
            id++;
        }
        return id;
    }

    private static int Id(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1;

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static List<string[]> Parse(string? text, int fields)
    {
        var rows = new List<string[]>();
        foreach (var line in (text ?? "").Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var parts = line.Split(':');
            if (parts.Length < fields)
            {
                Array.Resize(ref parts, fields);
                for (var i = 0; i < fields; i++)
                {
                    parts[i] ??= "";
                }
            }
            rows.Add(parts);
        }
        return rows;
    }

    private static string Write(List<string[]> rows) => string.Concat(rows.Select(r => string.Join(':', r) + "\n"));
}
