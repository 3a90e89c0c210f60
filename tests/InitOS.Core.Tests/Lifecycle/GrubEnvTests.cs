using System.Text;
using InitOS.Core.Lifecycle;

namespace InitOS.Core.Tests.Lifecycle;

public class GrubEnvTests
{
    private static string Text(byte[] block) => Encoding.UTF8.GetString(block);

    [Fact]
    public void Empty_block_is_the_header_then_hash_padding_to_1024_bytes()
    {
        var block = GrubEnv.Empty.ToBlock();
        Assert.Equal(1024, block.Length);
        Assert.StartsWith("# GRUB Environment Block\n", Text(block));
        Assert.All(block.AsSpan(25).ToArray(), b => Assert.Equal((byte)'#', b));
    }

    [Fact]
    public void Values_round_trip_in_file_order()
    {
        var env = GrubEnv.Empty.With("next", "B").With("active", "A").With("tries", "2");
        var block = env.ToBlock();
        Assert.Equal(1024, block.Length);
        Assert.StartsWith("# GRUB Environment Block\nnext=B\nactive=A\ntries=2\n###", Text(block));
        var back = GrubEnv.Parse(block);
        Assert.Equal(["next", "active", "tries"], back.Values.Keys);
        Assert.Equal("A", back.Get("active"));
        Assert.Null(back.Get("missing"));
    }

    [Fact]
    public void With_is_immutable_replaces_in_place_and_null_removes()
    {
        var one = GrubEnv.Empty.With("a", "1").With("b", "2");
        var two = one.With("a", "3").With("b", null).With("c", "4");
        Assert.Equal(["a", "b"], one.Values.Keys);
        Assert.Equal("1", one.Get("a"));
        Assert.Equal(["a", "c"], two.Values.Keys);
        Assert.Equal("3", two.Get("a"));
        Assert.Empty(GrubEnv.Empty.Values);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a-b")]
    [InlineData("a=b")]
    [InlineData("a b")]
    [InlineData("é")]
    public void Keys_other_than_letters_digits_and_underscore_are_refused(string key)
    {
        Assert.Throws<ArgumentException>(() => GrubEnv.Empty.With(key, "x"));
    }

    [Fact]
    public void Backslash_and_newline_in_values_are_escaped_and_read_back()
    {
        var env = GrubEnv.Empty.With("v", "a\\b\nc");
        var block = env.ToBlock();
        Assert.StartsWith("# GRUB Environment Block\nv=a\\\\b\\\nc\n#", Text(block));
        Assert.Equal("a\\b\nc", GrubEnv.Parse(block).Get("v"));
    }

    [Fact]
    public void Parse_refuses_a_block_that_is_not_1024_bytes()
    {
        var block = GrubEnv.Empty.ToBlock();
        var e = Assert.Throws<FormatException>(() => GrubEnv.Parse(block.AsSpan(0, 1023)));
        Assert.Contains("1024", e.Message);
        Assert.Throws<FormatException>(() => GrubEnv.Parse(block.Concat(new byte[] { 35 }).ToArray()));
        Assert.Throws<FormatException>(() => GrubEnv.Parse([]));
    }

    [Fact]
    public void Parse_refuses_a_block_without_the_header()
    {
        var block = GrubEnv.Empty.ToBlock();
        block[2] = (byte)'g';
        var e = Assert.Throws<FormatException>(() => GrubEnv.Parse(block));
        Assert.Contains("GRUB Environment Block", e.Message);
    }

    [Fact]
    public void Parse_skips_comments_and_lines_without_equals_and_the_later_duplicate_wins()
    {
        var text = "# GRUB Environment Block\n# a comment\nnoequals\nk=1\nj=2\nk=3\n";
        var block = Encoding.ASCII.GetBytes(text.PadRight(1024, '#'));
        var env = GrubEnv.Parse(block);
        Assert.Equal(["k", "j"], env.Values.Keys);
        Assert.Equal("3", env.Get("k"));
    }

    [Fact]
    public void Values_that_do_not_fit_are_refused()
    {
        var env = GrubEnv.Empty.With("big", new string('x', 990));
        Assert.Equal(1024, env.ToBlock().Length);
        var e = Assert.Throws<InvalidOperationException>(() => env.With("more", "y").ToBlock());
        Assert.Contains("1024", e.Message);
    }

    [Fact]
    public void A_block_filled_exactly_has_no_padding()
    {
        // header 25 + "k=" 2 + value + "\n" 1 = 1024
        var env = GrubEnv.Empty.With("k", new string('v', 1024 - 28));
        var block = env.ToBlock();
        Assert.Equal((byte)'\n', block[^1]);
        Assert.Equal(env.Get("k"), GrubEnv.Parse(block).Get("k"));
    }

    [RequiresToolFact("grub-editenv", "grub-common")]
    public void Reads_what_grub_editenv_writes()
    {
        var file = Path.Join(Path.GetTempPath(), $"initos-grubenv-{Guid.NewGuid():N}");
        try
        {
            var created = HostTool.Run("grub-editenv", file, "create");
            Assert.True(created.Code == 0, created.Stderr);
            var set = HostTool.Run("grub-editenv", file, "set", "a=b", "c=d", "active=A");
            Assert.True(set.Code == 0, set.Stderr);

            var env = GrubEnv.Parse(File.ReadAllBytes(file));
            Assert.Equal("b", env.Get("a"));
            Assert.Equal("d", env.Get("c"));
            Assert.Equal("A", env.Get("active"));
            Assert.Equal(3, env.Values.Count);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [RequiresToolFact("grub-editenv", "grub-common")]
    public void Grub_editenv_reads_what_ToBlock_writes()
    {
        var file = Path.Join(Path.GetTempPath(), $"initos-grubenv-{Guid.NewGuid():N}");
        try
        {
            var env = GrubEnv.Empty.With("active", "A").With("next", "B").With("tries", "2").With("A_ver", "0.1.0");
            File.WriteAllBytes(file, env.ToBlock());
            var list = HostTool.Run("grub-editenv", file, "list");
            Assert.True(list.Code == 0, list.Stderr);
            Assert.Equal("active=A\nnext=B\ntries=2\nA_ver=0.1.0\n", list.Stdout);

            // and grub-editenv can change it in place, keeping the size
            var unset = HostTool.Run("grub-editenv", file, "unset", "tries");
            Assert.True(unset.Code == 0, unset.Stderr);
            var back = GrubEnv.Parse(File.ReadAllBytes(file));
            Assert.Null(back.Get("tries"));
            Assert.Equal("B", back.Get("next"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [RequiresToolFact("grub-editenv", "grub-common")]
    public void Escaped_values_agree_with_grub_editenv()
    {
        var file = Path.Join(Path.GetTempPath(), $"initos-grubenv-{Guid.NewGuid():N}");
        try
        {
            Assert.Equal(0, HostTool.Run("grub-editenv", file, "create").Code);
            Assert.Equal(0, HostTool.Run("grub-editenv", file, "set", "v=x\\y").Code);
            var env = GrubEnv.Parse(File.ReadAllBytes(file));
            Assert.Equal("x\\y", env.Get("v"));

            // grub-editenv's own warning comment is not kept, but the values are
            File.WriteAllBytes(file, env.With("w", "a\\b").ToBlock());
            Assert.Equal("v=x\\y\nw=a\\b\n", HostTool.Run("grub-editenv", file, "list").Stdout);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
