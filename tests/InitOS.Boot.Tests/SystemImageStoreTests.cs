using System.Text.Json.Nodes;
using InitOS.Core.Boot;
using Xunit;

namespace InitOS.Boot.Tests;

/// <summary>The graft plan of the prepared system image store (issue 10): what goes into a data root, in which order.</summary>
public sealed class SystemImageStoreTests
{
    private const string Store = "/usr/lib/initos/system/store";
    private static readonly string Base = new('a', 64);
    private static readonly string Child = new('b', 64);
    private static readonly string BaseCache = new('1', 64);
    private static readonly string ChildCache = new('2', 64);
    private static readonly string Image = new('c', 64);
    private const string Tags = """{"Repositories":{"initos/os-base":{"initos/os-base:0.1.0":"sha256:cccc"}}}""";

    private static StoreSurvey Survey(string? tags = Tags) => new(
        // the child first: the plan must still put its parent before it
        [
            new StoreLayer(Child, ChildCache, "BBBBBBBBBBBBBBBBBBBBBBBBBB", Base, ["committed", "link", "lower"]),
            new StoreLayer(Base, BaseCache, "AAAAAAAAAAAAAAAAAAAAAAAAAA", null, ["committed", "link"]),
        ],
        [Image], new HashSet<string> { Image }, tags);

    [Fact]
    public void An_empty_data_root_gets_every_layer_parents_first_images_after_and_the_tags_last()
    {
        var plan = SystemImageStore.Plan(Survey(), RootSurvey.Empty, Store);
        Assert.Empty(plan.Problems);
        Assert.Equal((2, 0, 1, 1), (plan.LayersAdded, plan.LayersRepointed, plan.ImagesAdded, plan.TagsChanged));
        var ops = plan.Operations;
        var baseCommit = ops.ToList().FindIndex(o => o is GraftOp.CopyDirectory c && c.To.EndsWith(Base, StringComparison.Ordinal));
        var childDir = ops.ToList().FindIndex(o => o is GraftOp.MakeDirectory d && d.Path == $"overlay2/{ChildCache}");
        var childCommit = ops.ToList().FindIndex(o => o is GraftOp.CopyDirectory c && c.To.EndsWith(Child, StringComparison.Ordinal));
        var image = ops.ToList().FindIndex(o => o is GraftOp.CopyFile f && f.To.EndsWith(Image, StringComparison.Ordinal));
        Assert.True(baseCommit >= 0 && baseCommit < childDir && childDir < childCommit && childCommit < image, string.Join("\n", ops));
        Assert.IsType<GraftOp.WriteFile>(ops[^1]);
        // the contents stay on the store: diff is a link, the short link points at it, only small files are copied
        Assert.Contains(new GraftOp.Link($"overlay2/{BaseCache}/diff", $"{Store}/overlay2/{BaseCache}/diff"), ops);
        Assert.Contains(new GraftOp.Link("overlay2/l/AAAAAAAAAAAAAAAAAAAAAAAAAA", $"../{BaseCache}/diff"), ops);
        Assert.DoesNotContain(ops, o => o is GraftOp.CopyFile f && f.From.EndsWith("/diff", StringComparison.Ordinal));
        Assert.Contains(new GraftOp.CopyFile($"overlay2/{ChildCache}/lower", $"overlay2/{ChildCache}/lower"), ops);
        // a layer's metadata is staged and renamed in: the engine never sees half of it
        Assert.Contains(new GraftOp.CopyDirectory($"{SystemImageStore.LayerDb}/{Base}", $"{SystemImageStore.LayerDbTemp}/graft-{Base}", $"{SystemImageStore.LayerDb}/{Base}"), ops);
    }

    [Fact]
    public void A_data_root_that_holds_the_store_already_needs_nothing()
    {
        var root = new RootSurvey(
            new Dictionary<string, string> { [Base] = BaseCache, [Child] = ChildCache },
            new Dictionary<string, string?> { [BaseCache] = $"{Store}/overlay2/{BaseCache}/diff", [ChildCache] = $"{Store}/overlay2/{ChildCache}/diff" },
            new HashSet<string> { Image }, Tags);
        var plan = SystemImageStore.Plan(Survey(), root, Store);
        Assert.Empty(plan.Operations);
        Assert.Equal((0, 0, 0, 0), (plan.LayersAdded, plan.LayersRepointed, plan.ImagesAdded, plan.TagsChanged));
    }

    [Fact]
    public void A_layer_linked_to_another_store_follows_this_one_and_a_real_directory_stays()
    {
        // an earlier version's graft (other cache id, other target) and a layer the engine unpacked itself
        var oldCache = new string('9', 64);
        var root = new RootSurvey(
            new Dictionary<string, string> { [Base] = oldCache, [Child] = ChildCache },
            new Dictionary<string, string?> { [oldCache] = $"{Store}/overlay2/{oldCache}/diff", [ChildCache] = null },
            new HashSet<string> { Image }, Tags);
        var plan = SystemImageStore.Plan(Survey(), root, Store);
        Assert.Equal([new GraftOp.Link($"overlay2/{oldCache}/diff", $"{Store}/overlay2/{BaseCache}/diff")], plan.Operations);
        Assert.Equal(1, plan.LayersRepointed);
    }

    [Fact]
    public void A_layer_whose_content_link_is_missing_is_linked_again()
    {
        var root = new RootSurvey(
            new Dictionary<string, string> { [Base] = BaseCache, [Child] = ChildCache },
            new Dictionary<string, string?> { [ChildCache] = $"{Store}/overlay2/{ChildCache}/diff" },
            new HashSet<string> { Image }, Tags);
        var plan = SystemImageStore.Plan(Survey(), root, Store);
        Assert.Equal([new GraftOp.Link($"overlay2/{BaseCache}/diff", $"{Store}/overlay2/{BaseCache}/diff")], plan.Operations);
    }

    [Fact]
    public void Malformed_store_entries_are_reported_and_skipped_and_the_rest_is_grafted()
    {
        var survey = Survey() with
        {
            Layers = [.. Survey().Layers, new StoreLayer("../../etc", BaseCache, "AAAAAAAAAAAAAAAAAAAAAAAAAA", null, []), new StoreLayer(new string('d', 64), "x", "short", null, [])],
            ImageIds = [Image, "not-an-id"],
        };
        var plan = SystemImageStore.Plan(survey, RootSurvey.Empty, Store);
        Assert.Equal(3, plan.Problems.Count);
        Assert.Equal(2, plan.LayersAdded);
        Assert.Equal(1, plan.ImagesAdded);
        Assert.DoesNotContain(plan.Operations, o => o.ToString().Contains("../../etc", StringComparison.Ordinal) || o.ToString().Contains("not-an-id", StringComparison.Ordinal));
    }

    [Fact]
    public void Unreadable_store_tags_are_a_problem_not_a_failure()
    {
        var plan = SystemImageStore.Plan(Survey("{not json"), RootSurvey.Empty, Store);
        Assert.Single(plan.Problems);
        Assert.Equal(2, plan.LayersAdded);
        Assert.DoesNotContain(plan.Operations, o => o is GraftOp.WriteFile);
    }

    [Fact]
    public void Tags_merge_into_the_data_roots_own_and_the_store_wins_its_own_tags()
    {
        const string existing = """{"Repositories":{"initos/os-base":{"initos/os-base:0.1.0":"sha256:old","initos/os-base:0.0.9":"sha256:older"},"mine":{"mine:1":"sha256:m"}}}""";
        var (json, changed) = SystemImageStore.MergeRepositories(existing, Tags);
        var repos = JsonNode.Parse(json)!["Repositories"]!;
        Assert.Equal(1, changed);
        Assert.Equal("sha256:cccc", (string?)repos["initos/os-base"]!["initos/os-base:0.1.0"]);
        Assert.Equal("sha256:older", (string?)repos["initos/os-base"]!["initos/os-base:0.0.9"]);
        Assert.Equal("sha256:m", (string?)repos["mine"]!["mine:1"]);
        Assert.Equal(0, SystemImageStore.MergeRepositories(json, Tags).Changed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("[]")]
    [InlineData("""{"Repositories":7}""")]
    public void A_missing_or_unreadable_tags_file_in_the_data_root_takes_the_stores(string? existing)
    {
        var (json, changed) = SystemImageStore.MergeRepositories(existing, Tags);
        Assert.Equal(1, changed);
        Assert.Equal("sha256:cccc", (string?)JsonNode.Parse(json)!["Repositories"]!["initos/os-base"]!["initos/os-base:0.1.0"]);
    }

    [Fact]
    public void A_parent_cycle_in_a_corrupt_store_ends()
    {
        var survey = Survey() with
        {
            Layers =
            [
                new StoreLayer(Base, BaseCache, "AAAAAAAAAAAAAAAAAAAAAAAAAA", Child, []),
                new StoreLayer(Child, ChildCache, "BBBBBBBBBBBBBBBBBBBBBBBBBB", Base, []),
            ],
        };
        Assert.Equal(2, SystemImageStore.Plan(survey, RootSurvey.Empty, Store).LayersAdded);
    }
}
