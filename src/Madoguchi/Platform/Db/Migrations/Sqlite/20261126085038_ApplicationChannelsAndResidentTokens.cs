using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT");

            migrationBuilder.AddColumn<string>(
                name: "ApplicantEmail",
                table: "applications",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Channel",
                table: "applications",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "web");

            migrationBuilder.AlterColumn<string>(
                name: "ApplicantUserId",
                table: "application_drafts",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT");

            migrationBuilder.AddColumn<string>(
                name: "ApplicantEmail",
                table: "application_drafts",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResumeTokenHash",
                table: "application_drafts",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Label",
                table: "api_tokens",
                type: "TEXT",
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
                type: "TEXT",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "ApplicantUserId",
                table: "application_drafts",
                type: "TEXT",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldNullable: true);
        }
    }
}
