using Microsoft.Playwright;

namespace PeftU.Serving.Tests;

/// <summary>The page at <c>/</c> in a real browser (Debian's chromium, headless, installed by .ci/install-chromium.sh;
/// Playwright never downloads one): pick a method, type a text, and each chosen user's answer appears side by side,
/// equal to what <c>POST /v1/predict</c> answers for that user.</summary>
[Collection(ServedRunCollection.Name)]
public sealed class PageTests(ServedRun run)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task The_page_shows_each_users_prediction_for_the_same_text()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run .ci/install-chromium.sh (as root)");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        await using var server = await TestServer.StartAsync(run);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync(server.App.Url + "/");
        await page.WaitForSelectorAsync("body[data-ready=true]");

        Assert.Equal(["synthetic"], await page.Locator("#task option").AllTextContentsAsync());
        Assert.Equal(ServedRun.Cells, await page.Locator("#method option").AllTextContentsAsync());
        await page.SelectOptionAsync("#method", "lora");
        Assert.Equal(ServedRun.Users, await page.Locator("#users input").EvaluateAllAsync<string[]>("els => els.map(e => e.value)"));

        string text = run.Recorded.First(r => r.Cell == "lora").Text;
        await page.FillAsync("#text", text);
        await page.ClickAsync("#predict");
        await page.WaitForSelectorAsync("body[data-answered='1']");

        var rows = page.Locator("#results tbody tr");
        Assert.Equal(ServedRun.Users.Length, await rows.CountAsync());
        for (int i = 0; i < ServedRun.Users.Length; i++)
        {
            string user = ServedRun.Users[i];
            var cells = await rows.Nth(i).Locator("td").AllTextContentsAsync();
            var (_, answer) = await server.PredictAsync(new { user, text, method = "lora" });
            Assert.Equal(user, cells[0]);
            Assert.Equal((string)answer["label"]!, cells[1]);
            Assert.Equal(user, cells[2]);
            Assert.Contains("alpha", cells[3]);
        }
        Assert.Matches(@"^\d different labels? across 4 users$", await page.Locator("#status").TextContentAsync() ?? "");

        // Another method and one user fewer: the table follows the choice.
        await page.SelectOptionAsync("#method", "ia3");
        await page.Locator("#users input").First.UncheckAsync();
        await page.ClickAsync("#predict");
        await page.WaitForSelectorAsync("body[data-answered='2']");
        Assert.Equal(3, await rows.CountAsync());
        Assert.Empty(errors);
    }
}
