using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ApplicationChannelsAndResidentTokens : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "ApplicantUserId",
                table: "applications",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AddColumn<string>(
                name: "ApplicantEmail",
                table: "applications",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Channel",
                table: "applications",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "web");

            migrationBuilder.AlterColumn<string>(
                name: "ApplicantUserId",
                table: "application_drafts",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AddColumn<string>(
                name: "ApplicantEmail",
                table: "application_drafts",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResumeTokenHash",
                table: "application_drafts",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Label",
                table: "api_tokens",
                type: "character varying(50)",
                maxLength: 50,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_application_drafts_ResumeTokenHash",
                table: "application_drafts",
                column: "ResumeTokenHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_application_drafts_ResumeTokenHash",
                table: "application_drafts");

            migrationBuilder.DropColumn(
                name: "ApplicantEmail",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "Channel",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "ApplicantEmail",
                table: "application_drafts");

            migrationBuilder.DropColumn(
                name: "ResumeTokenHash",
                table: "application_drafts");

            migrationBuilder.DropColumn(
                name: "Label",
                table: "api_tokens");

            migrationBuilder.AlterColumn<string>(
                name: "ApplicantUserId",
                table: "applications",
                type: "text",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "ApplicantUserId",
                table: "application_drafts",
                type: "text",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);
        }
    }
}
