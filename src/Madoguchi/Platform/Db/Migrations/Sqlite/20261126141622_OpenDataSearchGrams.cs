using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OpenDataSearchGrams : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "opendata_search_grams",
                columns: table => new
                {
                    Gram = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_opendata_search_grams", x => new { x.Gram, x.DatasetId });
                    table.ForeignKey(
                        name: "FK_opendata_search_grams_opendata_datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "opendata_datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_opendata_search_grams_DatasetId",
                table: "opendata_search_grams",
                column: "DatasetId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "opendata_search_grams");
        }
    }
}
