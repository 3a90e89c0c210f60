using System.Security.Cryptography;
using System.Text;
using InitOS.Core.CloudInit;

namespace InitOS.CloudInit.Tests;

public sealed class Sha512CryptTests
{
    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("exactly one hundred and eleven bytes long message so that the padding spills over into a second block ok yes..")]
    [InlineData("a much longer message that spans well over one hundred and twenty eight bytes to exercise several compression rounds of the block function")]
    public void Managed_sha512_matches_the_platform(string text)
    {
        var data = Encoding.UTF8.GetBytes(text);
        Assert.Equal(SHA512.HashData(data), Sha512.Hash(data));
    }

    [Fact]
    public void Crypt_matches_the_published_vector()
    {
        // From the SHA-crypt specification (Drepper), test 1.
        Assert.Equal("$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1",
            Sha512Crypt.Hash("Hello world!", "saltstring"));
    }

    [Theory]
    [InlineData("rancher", "abcdefgh")]
    [InlineData("a password longer than sixty-four bytes, to take the other branch of the key mixing loop!!", "0123456789abcdef")]
    [InlineData("pässwörd", "x")]
    public void Crypt_matches_openssl(string password, string salt)
    {
        Tools.Require(Tools.Exists("openssl"), "openssl");
        if (!Tools.Exists("openssl"))
        {
            return;
        }
        Assert.Equal(Tools.Run("openssl", "passwd", "-6", "-salt", salt, password).Trim(), Sha512Crypt.Hash(password, salt));
    }
}
