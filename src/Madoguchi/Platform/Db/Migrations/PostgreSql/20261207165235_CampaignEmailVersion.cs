using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.PostgreSql
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
                type: "character varying(10000)",
                maxLength: 10000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "EmailRecipients",
                table: "line_campaigns",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EmailSubject",
                table: "line_campaigns",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Channel",
                table: "line_campaign_chunks",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "Line"); // chunks before e-mail versions were all LINE's

            migrationBuilder.CreateTable(
                name: "news_email_subscriptions",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Area = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Town = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    AgeBand = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    Interests = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ConsentVersion = table.Column<int>(type: "integer", nullable: false),
                    ConsentedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
