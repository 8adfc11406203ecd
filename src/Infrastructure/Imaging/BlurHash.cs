namespace Attachments.Infrastructure.Imaging;

/// <summary>
/// A BlurHash (https://blurha.sh, the reference being woltapp/blurhash's TypeScript encoder): the picture's DC
/// colour and its lowest cosine components in a short base-83 string a browser decodes into a blurred placeholder.
/// No maintained .NET package of it is served here (issue 13), so it is encoded here from the algorithm.
/// </summary>
internal static class BlurHash
{
    private const string Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

    /// <param name="rgb">Rows of <paramref name="width"/> pixels, 3 bytes each (sRGB), one after the other.</param>
    /// <param name="componentsX">Horizontal components, 1–9.</param>
    /// <param name="componentsY">Vertical components, 1–9.</param>
    public static string Encode(ReadOnlySpan<byte> rgb, int width, int height, int componentsX = 4, int componentsY = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfNotEqual(rgb.Length, width * height * 3, nameof(rgb));
        if (componentsX is < 1 or > 9 || componentsY is < 1 or > 9)
            throw new ArgumentOutOfRangeException(nameof(componentsX), "BlurHash has 1 to 9 components each way.");

        var linear = new double[rgb.Length];
        for (var i = 0; i < rgb.Length; i++)
            linear[i] = SrgbToLinear(rgb[i]);

        var factors = new (double R, double G, double B)[componentsX * componentsY];
        var cosX = new double[width];
        var cosY = new double[height];
        for (var cy = 0; cy < componentsY; cy++)
        {
            for (var y = 0; y < height; y++)
                cosY[y] = Math.Cos(Math.PI * cy * y / height);

            for (var cx = 0; cx < componentsX; cx++)
            {
                for (var x = 0; x < width; x++)
                    cosX[x] = Math.Cos(Math.PI * cx * x / width);

                double r = 0, g = 0, b = 0;
                for (var y = 0; y < height; y++)
                {
                    var row = y * width * 3;
                    for (var x = 0; x < width; x++)
                    {
                        var basis = cosX[x] * cosY[y];
                        var at = row + x * 3;
                        r += basis * linear[at];
                        g += basis * linear[at + 1];
                        b += basis * linear[at + 2];
                    }
                }

                var scale = (cx == 0 && cy == 0 ? 1.0 : 2.0) / (width * height);
                factors[cy * componentsX + cx] = (r * scale, g * scale, b * scale);
            }
        }

        var hash = new System.Text.StringBuilder();
        Append(hash, componentsX - 1 + (componentsY - 1) * 9, 1);

        double maximum = 1;
        if (factors.Length > 1)
        {
            var actual = factors.Skip(1).Max(f => Math.Max(Math.Abs(f.R), Math.Max(Math.Abs(f.G), Math.Abs(f.B))));
            var quantised = (int)Math.Max(0, Math.Min(82, Math.Floor(actual * 166 - 0.5)));
            maximum = (quantised + 1) / 166.0;
            Append(hash, quantised, 1);
        }
        else
        {
            Append(hash, 0, 1);
        }

        var dc = factors[0];
        Append(hash, (LinearToSrgb(dc.R) << 16) + (LinearToSrgb(dc.G) << 8) + LinearToSrgb(dc.B), 4);
        foreach (var (r, g, b) in factors.Skip(1))
            Append(hash, QuantiseAc(r, maximum) * 19 * 19 + QuantiseAc(g, maximum) * 19 + QuantiseAc(b, maximum), 2);

        return hash.ToString();
    }

    private static int QuantiseAc(double value, double maximum) =>
        (int)Math.Max(0, Math.Min(18, Math.Floor(SignedPow(value / maximum, 0.5) * 9 + 9.5)));

    private static double SignedPow(double value, double exponent) => Math.CopySign(Math.Pow(Math.Abs(value), exponent), value);

    private static double SrgbToLinear(byte value)
    {
        var v = value / 255.0;
        return v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);
    }

    private static int LinearToSrgb(double value)
    {
        var v = Math.Clamp(value, 0, 1);
        return v <= 0.0031308
            ? (int)Math.Truncate(v * 12.92 * 255 + 0.5)
            : (int)Math.Truncate((1.055 * Math.Pow(v, 1 / 2.4) - 0.055) * 255 + 0.5);
    }

    private static void Append(System.Text.StringBuilder hash, int value, int length)
    {
        for (var i = 1; i <= length; i++)
        {
            var digit = value / (int)Math.Pow(83, length - i) % 83;
            hash.Append(Digits[digit]);
        }
    }
}
