using InitOS.Core.Config;

namespace InitOS.Core.Tests.Config;

/// <summary>
/// Issue 12: hostile YAML is refused at its limit, naming the file, and never takes the loader down. Nothing here
/// times the parser: the limits are asserted where they bite (the depth, the alias expansion, the size checked
/// before reading), and a hang guard fails a parser that never returns.
/// </summary>
public class YamlLimitsTests
{
    private const string D = ConfigPaths.CloudConfigDir;

    /// <summary>Fails a parse that never returns; generous, because it guards against a hang, not a slow machine.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    public static TheoryData<string, string> Hostile => new()
    {
        { "deep flow lists (100,000)", HostileYaml.DeepFlow(100_000) },
        { "deep block lists (100,000)", HostileYaml.DeepBlock(100_000) },
        { "ten-level alias bomb", HostileYaml.AliasBomb(10) },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Issue_12_hostile_files_are_skipped_at_their_limit_and_the_rest_applies(string what, string text)
    {
        var files = new MemoryFileStore()
            .With(D + "/a-good.yml", "rancher:\n  state:\n    dev: LABEL=RANCHER_STATE\n")
            .With(D + "/b-hostile.yml", text);
        var config = await Task.Run(() => ConfigLoader.Load(files)).WaitAsync(HangGuard);
        Assert.Equal("LABEL=RANCHER_STATE", config.GetString("rancher.state.dev"));
        var d = Assert.Single(config.Diagnostics);
        Assert.Equal(D + "/b-hostile.yml", d.Source);
        Assert.True(d.Message.EndsWith("(the limit); file skipped", StringComparison.Ordinal), $"{what}: {d.Message}");
    }

    [Fact]
    public void An_oversize_layer_is_skipped_without_being_read()
    {
        var files = new MemoryFileStore()
            .With(D + "/a-good.yml", "rancher:\n  state:\n    dev: LABEL=RANCHER_STATE\n")
            .WithSparse(D + "/b-huge.yml", 8L * 1024 * 1024 * 1024); // 8 GiB that would not fit in memory as text
        var config = ConfigLoader.Load(files);
        Assert.DoesNotContain(D + "/b-huge.yml", files.Reads);
        Assert.Equal("LABEL=RANCHER_STATE", config.GetString("rancher.state.dev"));
        Assert.Equal(D + "/b-huge.yml: larger than 4 MiB (the limit), not read; file skipped", Assert.Single(config.Diagnostics).ToString());
    }

    [Fact]
    public void Nesting_of_exactly_the_limit_parses_and_one_more_level_is_refused()
    {
        // the top-level map is level 1, so a value under "a" may hold MaxDepth - 1 levels of lists
        var ok = YamlText.Parse(HostileYaml.DeepFlow(YamlLimits.MaxDepth - 1), "ok.yml");
        Assert.IsType<List<object?>>(ok["a"]);
        var e = Assert.Throws<ConfigSyntaxException>(() => YamlText.Parse(HostileYaml.DeepFlow(YamlLimits.MaxDepth), "deep.yml"));
        Assert.Equal("deep.yml", e.Source);
        Assert.Equal($"nested deeper than {YamlLimits.MaxDepth} levels (the limit)", e.Reason);
        Assert.Equal((1L, 4L + YamlLimits.MaxDepth - 1), (e.Line, e.Column));
    }

    [Fact]
    public void An_alias_that_would_nest_too_deep_is_refused_where_it_stands()
    {
        var text = "a: &a " + new string('[', 40) + new string(']', 40) + "\nb: " + new string('[', 30) + "*a" + new string(']', 30) + "\n";
        var e = Assert.Throws<ConfigSyntaxException>(() => YamlText.Parse(text, "f.yml"));
        Assert.Equal(2, e.Line);
        Assert.Contains("nested deeper", e.Reason);
    }

    [Fact]
    public void Small_aliases_and_merge_keys_still_work()
    {
        var tree = YamlText.Parse("base: &b {x: 1, y: [a, b]}\nc: *b\nd:\n  <<: *b\n  x: 2\n", "f.yml");
        Assert.Equal(new Dictionary<string, object?> { ["x"] = 1L, ["y"] = new List<object?> { "a", "b" } }, tree["c"]);
        Assert.Equal(2L, ((Dictionary<string, object?>)tree["d"]!)["x"]);
    }

    [Theory]
    [InlineData("a: &a [*a]\n", "the alias *a is inside the node it names (a cycle)")]
    [InlineData("a: &a {b: *a}\n", "the alias *a is inside the node it names (a cycle)")]
    [InlineData("a: *nowhere\n", "the alias *nowhere names no anchor before it")]
    public void Self_referencing_and_unknown_aliases_are_refused(string text, string reason)
    {
        var e = Assert.Throws<ConfigSyntaxException>(() => YamlText.Parse(text, "f.yml"));
        Assert.Equal(reason, e.Reason);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_and_one_at_the_limit_is_read()
    {
        var line = "# " + new string('x', 1021) + "\n"; // 1 KiB
        var atLimit = "a: 1\n" + string.Concat(Enumerable.Repeat(line, YamlLimits.MaxBytes / 1024 - 1));
        Assert.Equal(1L, YamlText.Parse(atLimit, "big.yml")["a"]);
        var over = atLimit + line;
        var e = Assert.Throws<ConfigSyntaxException>(() => YamlText.Parse(over, "huge.yml"));
        Assert.Equal("larger than 4 MiB (the limit)", e.Reason);
    }

    [Fact]
    public void Multibyte_text_is_measured_in_utf8_bytes()
    {
        // 1.5 Mi characters of three UTF-8 bytes each: 4.5 MiB
        var text = "a: \"" + new string('€', 3 * 512 * 1024) + "\"\n";
        Assert.Throws<ConfigSyntaxException>(() => YamlText.Parse(text, "euro.yml"));
    }

    [Fact]
    public void The_node_limit_counts_every_alias_expansion()
    {
        // l0..l4: 111,110 scalars written out fit; l0..l5 (over a million) do not
        Assert.Equal(5, YamlText.Parse(HostileYaml.AliasBomb(4), "f.yml").Count);
        var e = Assert.Throws<ConfigSyntaxException>(() => YamlText.Parse(HostileYaml.AliasBomb(6), "f.yml"));
        Assert.StartsWith($"more than {YamlLimits.MaxNodes} nodes", e.Reason);
    }
}
