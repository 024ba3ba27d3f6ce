using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SignatureReport",
                table: "applications",
                type: "TEXT",
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
