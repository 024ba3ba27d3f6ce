using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class OpenDataDatastore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DatastoreFields",
                table: "opendata_resources",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DatastoreTable",
                table: "opendata_resources",
                type: "character varying(63)",
                maxLength: 63,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DatastoreFields",
                table: "opendata_resources");

            migrationBuilder.DropColumn(
                name: "DatastoreTable",
                table: "opendata_resources");
        }
    }
}
