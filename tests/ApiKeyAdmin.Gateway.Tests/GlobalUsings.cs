// What every test file of this project uses. The files the benchmarks also compile (see their project) keep their own.
global using System;
global using System.Linq;
global using System.Net;
global using System.Net.Http;
global using System.Threading.Tasks;
global using Xunit;
