-- AlterTable
ALTER TABLE "Journey" ADD COLUMN     "draftRevision" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "JourneyDraftChange" (
    "journeyId" UUID NOT NULL,
    "revision" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "targetRevision" INTEGER,
    "label" TEXT NOT NULL,
    "patches" JSONB NOT NULL,
    "inversePatches" JSONB NOT NULL,
    "author" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JourneyDraftChange_pkey" PRIMARY KEY ("journeyId","revision")
);

-- AddForeignKey
ALTER TABLE "JourneyDraftChange" ADD CONSTRAINT "JourneyDraftChange_journeyId_fkey" FOREIGN KEY ("journeyId") REFERENCES "Journey"("id") ON DELETE CASCADE ON UPDATE CASCADE;
