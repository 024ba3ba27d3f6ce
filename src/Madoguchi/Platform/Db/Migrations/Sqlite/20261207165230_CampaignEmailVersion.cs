using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CampaignEmailVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EmailBody",
                table: "line_campaigns",
                type: "TEXT",
                maxLength: 10000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "EmailRecipients",
                table: "line_campaigns",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EmailSubject",
                table: "line_campaigns",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Channel",
                table: "line_campaign_chunks",
                type: "TEXT",
                maxLength: 10,
                nullable: false,
                defaultValue: "Line"); // chunks before e-mail versions were all LINE's

            migrationBuilder.CreateTable(
                name: "news_email_subscriptions",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Area = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Town = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    AgeBand = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    Interests = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ConsentVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    ConsentedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_news_email_subscriptions", x => x.UserId);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "news_email_subscriptions");

            migrationBuilder.DropColumn(
                name: "EmailBody",
                table: "line_campaigns");

            migrationBuilder.DropColumn(
                name: "EmailRecipients",
                table: "line_campaigns");

            migrationBuilder.DropColumn(
                name: "EmailSubject",
                table: "line_campaigns");

            migrationBuilder.DropColumn(
                name: "Channel",
                table: "line_campaign_chunks");
        }
    }
}
