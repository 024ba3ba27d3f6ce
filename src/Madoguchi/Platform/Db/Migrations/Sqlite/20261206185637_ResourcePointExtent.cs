using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ResourcePointExtent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "EastLongitude",
                table: "opendata_resources",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "NorthLatitude",
                table: "opendata_resources",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "SouthLatitude",
                table: "opendata_resources",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "WestLongitude",
                table: "opendata_resources",
                type: "REAL",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EastLongitude",
                table: "opendata_resources");

            migrationBuilder.DropColumn(
                name: "NorthLatitude",
                table: "opendata_resources");

            migrationBuilder.DropColumn(
                name: "SouthLatitude",
                table: "opendata_resources");

            migrationBuilder.DropColumn(
                name: "WestLongitude",
                table: "opendata_resources");
        }
    }
}
