using System.Text;

namespace PeftU.Generators
{
    /// <summary>Name conversions shared by parsing and emission.</summary>
    internal static class Naming
    {
        /// <summary>PascalCase to snake_case, as HF peft spells options: LoraAlpha → lora_alpha, MLPHidden → mlp_hidden.</summary>
        public static string SnakeCase(string name) => Separate(name, '_');

        /// <summary>PascalCase to kebab-case, for enum values: DecoderSelf → decoder-self.</summary>
        public static string KebabCase(string name) => Separate(name, '-');

        private static string Separate(string name, char separator)
        {
            var sb = new StringBuilder(name.Length + 4);
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                bool boundary = i > 0 && char.IsUpper(c) &&
                    (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])));
                if (boundary && name[i - 1] != '_')
                    sb.Append(separator);
                sb.Append(char.ToLowerInvariant(c));
            }
            return sb.ToString();
        }

        public static bool IsValidId(string id)
        {
            if (id.Length == 0 || id[0] < 'a' || id[0] > 'z')
                return false;
            for (int i = 0; i < id.Length; i++)
            {
                char c = id[i];
                bool separator = c == '-' || c == '_';
                if (separator && (i == id.Length - 1 || id[i + 1] == '-' || id[i + 1] == '_'))
                    return false;
                if (!separator && !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9'))
                    return false;
            }
            return true;
        }
    }
}
