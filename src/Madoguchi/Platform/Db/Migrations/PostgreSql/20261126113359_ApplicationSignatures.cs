using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ApplicationSignatures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SignatureCms",
                table: "applications",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SignatureReport",
                table: "applications",
                type: "jsonb",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SignatureCms",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "SignatureReport",
                table: "applications");
        }
    }
}
