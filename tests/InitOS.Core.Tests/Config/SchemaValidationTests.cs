using InitOS.Core.Config;
using InitOS.Core.Config.Schema;

namespace InitOS.Core.Tests.Config;

/// <summary>What <c>ros config validate</c> reports, in RancherOS's words.</summary>
public class SchemaValidationTests
{
    private static string[] Validate(string yaml) =>
        SchemaChecker.Validate(YamlText.Parse(yaml, "t")).Select(i => $"{i.Path}: {i.Message}").ToArray();

    [Fact]
    public void An_unknown_top_level_key_is_an_additional_property()
    {
        Assert.Equal(["bad_key: Additional property bad_key is not allowed"], Validate("bad_key: 1\n"));
    }

    [Fact]
    public void An_unknown_key_in_a_closed_section_is_reported_with_its_path()
    {
        Assert.Equal(["rancher.network.bogus: Additional property bogus is not allowed"], Validate("rancher:\n  network:\n    bogus: 1\n"));
    }

    [Fact]
    public void A_string_where_a_boolean_belongs_is_an_invalid_type()
    {
        Assert.Equal(["rancher.debug: Invalid type. Expected: boolean, given: string"], Validate("rancher:\n  debug: notabool\n"));
    }

    [Fact]
    public void An_integer_where_a_string_belongs_is_an_invalid_type_in_validate()
    {
        Assert.Equal(["hostname: Invalid type. Expected: string, given: integer"], Validate("hostname: 123\n"));
    }

    [Fact]
    public void A_scalar_where_a_list_belongs_is_an_invalid_type()
    {
        Assert.Equal(["ssh_authorized_keys: Invalid type. Expected: array, given: string"], Validate("ssh_authorized_keys: ssh-rsa A\n"));
    }

    [Fact]
    public void Duplicate_ssh_keys_are_reported()
    {
        Assert.Equal(["ssh_authorized_keys: array items[0,1] must be unique"], Validate("ssh_authorized_keys: [a, a]\n"));
    }

    [Fact]
    public void List_items_are_checked_with_their_index()
    {
        Assert.Equal(["write_files.0.permissions: Invalid type. Expected: string, given: integer",
            "write_files.1.bogus: Additional property bogus is not allowed"],
            Validate("write_files:\n- path: /a\n  permissions: 0644\n- path: /b\n  bogus: 1\n"));
    }

    [Fact]
    public void Password_and_autologin_are_not_config_keys()
    {
        Assert.Equal(["rancher.autologin: Additional property autologin is not allowed",
            "rancher.password: Additional property password is not allowed"],
            Validate("rancher:\n  password: x\n  autologin: tty1\n"));
    }

    [Fact]
    public void Free_form_sections_accept_any_keys()
    {
        Assert.Empty(Validate("rancher:\n  environment: {ANY: thing}\n  services:\n    web: {image: nginx, whatever: 1}\n  sysctl: {vm.swappiness: 10}\n  network:\n    interfaces:\n      eth0: {dhcp: true}\n    dns: {nameservers: [1.1.1.1]}\n"));
    }

    [Fact]
    public void Cloud_init_keys_initos_applies_are_accepted()
    {
        Assert.Empty(Validate("users: [{name: bob}]\npassword: x\nchpasswd: {expire: false}\nssh_pwauth: true\ntimezone: UTC\nntp: {servers: [a]}\nmanage_etc_hosts: true\n"));
    }

    [Fact]
    public void Every_problem_is_reported_not_only_the_first()
    {
        Assert.Equal(3, Validate("a: 1\nb: 2\nrancher:\n  debug: x\n").Length);
    }

    [Fact]
    public void Runcmd_entries_may_be_strings_or_lists()
    {
        Assert.Empty(Validate("runcmd:\n- echo hi\n- [sh, -c, x]\nbootcmd: [a]\n"));
        Assert.Equal(["runcmd.0: Invalid type. Expected: string,array, given: object"], Validate("runcmd:\n- {a: b}\n"));
    }

    [Fact]
    public void Null_sections_are_invalid_types()
    {
        Assert.Equal(["rancher: Invalid type. Expected: object, given: null"], Validate("rancher:\n"));
    }
}

public class UnappliedKeysTests
{
    [Fact]
    public void Every_unapplied_key_is_one_the_schema_accepts()
    {
        foreach (var (key, _) in InitOS.Core.Config.Schema.UnappliedKeys.Table)
        {
            Assert.True(InitOS.Core.Config.Schema.ConfigSchema.At(key.Split('.')) is not null, $"{key} is not in the schema");
        }
    }

    [Fact]
    public void The_readme_lists_every_unapplied_key()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        foreach (var (key, _) in InitOS.Core.Config.Schema.UnappliedKeys.Table)
        {
            Assert.Contains($"`{key}`", readme);
        }
    }
}
