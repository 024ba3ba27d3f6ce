using Madoguchi.Features.Counter.LifeEvents;
using Madoguchi.Features.Procedures.Catalog;

namespace Madoguchi.Tests.Counter;

/// <summary>
/// 書かない窓口's life events (issue 17): the catalog's files hold (schema, known procedures, questions that exist), and
/// the bundle a household gets follows the rules: 国保 for each newcomer without workplace insurance, 児童手当 while a
/// child is in 高校生年代, nothing that depends on a question nobody answered.
/// </summary>
public sealed class LifeEventRulesTests
{
    private static readonly LifeEventCatalog Catalog = LifeEventCatalog.Load();

    private static readonly DateOnly MoveIn = new(2026, 12, 7);

    private static readonly HouseholdMember Father = new("0010000017", "工藤 誠", new DateOnly(1984, 5, 1), "世帯主");
    private static readonly HouseholdMember Mother = new("0010000025", "工藤 恵", new DateOnly(1986, 9, 9), "妻");
    private static readonly HouseholdMember Son = new("0010000033", "工藤 蓮", new DateOnly(2016, 2, 2), "子");

    // 18 on 3 March 2026: 高校生年代 until 31 March 2026, so no longer on 7 December 2026.
    private static readonly HouseholdMember Daughter = new("0010000041", "工藤 葵", new DateOnly(2008, 3, 4), "子");

    [Fact]
    public void TheCatalogsLifeEvents_AllHold_AndNameOnlyKnownProcedures()
    {
        Assert.Equal(["tennyu", "tenshutsu", "tenkyo", "shussei", "shibou", "konin", "rikon", "setai-henkou"], Catalog.All.Select(e => e.Id));
        Assert.Contains(Catalog.Find("tennyu")!.Questions, q => q.Id == "employeeInsurance" && q.Per == QuestionScope.Person);
    }

    [Fact]
    public void AFamilyMovingIn_GetsEveryProcedureItsPeopleNeed_AndNothingElse()
    {
        var family = new[] { Father, Mother, Son, Daughter };
        var answers = new InterviewAnswers()
            .ForPerson("employeeInsurance", Father.Key, true).ForPerson("employeeInsurance", Mother.Key, false)
            .ForPerson("employeeInsurance", Son.Key, true).ForPerson("employeeInsurance", Daughter.Key, false)
            .ForHousehold("nursery", false).ForHousehold("dog", true);
        foreach (var person in family)
        {
            answers.ForPerson("careCertified", person.Key, false);
        }

        var bundle = BundlePlanner.Plan(Catalog.Find("tennyu")!, family, family.Select(m => m.Key).ToList(), MoveIn, answers);

        Assert.Equal([Mother, Daughter], bundle.Where(p => p.Procedure == "kokuho-kanyu").Select(p => p.Applicant));
        Assert.Equal([Mother], bundle.Where(p => p.Procedure == "kokumin-nenkin-kanyu").Select(p => p.Applicant)); // the daughter is 18, not 20
        var allowance = Assert.Single(bundle, p => p.Procedure == "jidou-teate-nintei");
        Assert.Equal(Father, allowance.Applicant);
        Assert.Equal([Son], allowance.Concerns); // the daughter left 高校生年代 on 31 March
        Assert.Contains(bundle, p => p.Procedure == "inu-touroku");
        Assert.Contains(bundle, p => p.Procedure == "suidou-kaishi-chushi");
        Assert.DoesNotContain(bundle, p => p.Procedure is "hoiku-nintei" or "tennyugo-youkaigo-nintei");
    }

    [Fact]
    public void AQuestionNobodyAnswered_BringsNothingThatDependsOnIt()
    {
        var bundle = BundlePlanner.Plan(Catalog.Find("tennyu")!, [Father], [Father.Key], MoveIn, new InterviewAnswers());

        Assert.Equal(["suidou-kaishi-chushi"], bundle.Select(p => p.Procedure));
    }

    [Theory]
    [InlineData("2008-04-01", "2026-03-31", true)] // born 1 April: reaches 18 on 31 March, the school year before
    [InlineData("2008-04-01", "2026-04-01", false)]
    [InlineData("2008-04-02", "2027-03-31", true)]
    [InlineData("2008-04-02", "2027-04-01", false)]
    [InlineData("2026-12-08", "2026-12-07", false)] // not born yet
    public void HighSchoolYears_EndOnThe31MarchOfTheSchoolYearInWhichTheChildReaches18(string born, string on, bool covered) =>
        Assert.Equal(covered, BundlePlanner.InSchoolYearAgeUpTo(DateOnly.Parse(born), 18, DateOnly.Parse(on)));

    [Fact]
    public void ALifeEventFile_ThatNamesAnUnknownProcedureOrQuestion_StopsTheStartWithItsProblems()
    {
        var copy = Path.Combine(Path.GetTempPath(), $"life-events-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(copy, "life-events"));
        Directory.CreateDirectory(Path.Combine(copy, "schemas"));
        File.Copy(Path.Combine(CatalogLoader.CatalogDirectory, "schemas", "life-event.schema.json"), Path.Combine(copy, "schemas", "life-event.schema.json"));
        Directory.CreateSymbolicLink(Path.Combine(copy, "procedures"), Path.Combine(CatalogLoader.CatalogDirectory, "procedures"));
        File.WriteAllText(Path.Combine(copy, "life-events", "tennyu.json"), """
            { "id": "tennyu", "name": "転入", "summary": "s", "subjects": "chosen",
              "bundle": [ { "procedure": "no-such-procedure", "for": "each", "when": { "answer": { "question": "missing", "is": true } }, "reason": "r" } ] }
            """);
        File.WriteAllText(Path.Combine(copy, "life-events", "bad.json"), """{ "id": "bad", "name": "x" }""");

        var refused = Assert.Throws<CatalogException>(() => LifeEventCatalog.Load(copy));
        Directory.Delete(copy, recursive: true);

        Assert.Contains("catalog/life-events/tennyu.json: /bundle/0/procedure: 'no-such-procedure' is not in catalog/procedures", refused.Message);
        Assert.Contains("catalog/life-events/tennyu.json: /bundle/0/when/answer: no question 'missing'", refused.Message);
        Assert.Contains("catalog/life-events/bad.json", refused.Message);
    }
}
