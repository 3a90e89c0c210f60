using InitOS.Core.Config;

namespace InitOS.Core.Tests.Config;

/// <summary>Golden fixtures: Fixtures/merge/&lt;case&gt;/{left,right,expected}.yml and
/// Fixtures/write/&lt;case&gt;/{input,expected}.yml. Each folder name says the behaviour.</summary>
public class GoldenFixtureTests
{
    private static string FixtureDir(string kind) => Path.Combine(AppContext.BaseDirectory, "Fixtures", kind);

    public static TheoryData<string> MergeCases() => Cases("merge");

    public static TheoryData<string> WriteCases() => Cases("write");

    private static TheoryData<string> Cases(string kind)
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(FixtureDir(kind)).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(MergeCases))]
    public void Merge_matches_golden_output(string name)
    {
        var dir = Path.Combine(FixtureDir("merge"), name);
        var left = YamlText.Parse(File.ReadAllText(Path.Combine(dir, "left.yml")), "left.yml");
        var right = YamlText.Parse(File.ReadAllText(Path.Combine(dir, "right.yml")), "right.yml");
        var leftBefore = YamlText.Write(left);
        var merged = ConfigMerge.Merge(left, right);
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "expected.yml")), YamlText.Write(merged));
        Assert.Equal(leftBefore, YamlText.Write(left));
    }

    [Theory]
    [MemberData(nameof(WriteCases))]
    public void Write_matches_golden_output_and_reads_back_the_same(string name)
    {
        var dir = Path.Combine(FixtureDir("write"), name);
        var tree = YamlText.Parse(File.ReadAllText(Path.Combine(dir, "input.yml")), "input.yml");
        var written = YamlText.Write(tree);
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "expected.yml")), written);
        Assert.Equal(written, YamlText.Write(YamlText.Parse(written, "written")));
    }
}
